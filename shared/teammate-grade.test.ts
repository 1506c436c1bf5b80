import { describe, expect, it } from 'vitest';
import { adjustedGrade } from './teammate-grade';

describe('adjustedGrade', () => {
  it('multiplies the team grade by the factor, caps at the maximum, rounds to hundredths, and keeps the team grade without a factor', () => {
    // 80 × 0.8955 = 71.64
    expect(adjustedGrade(80, 0.8955, 100)).toBe(71.64);
    // 80 × 0.5771 = 46.168
    expect(adjustedGrade(80, 0.5771, 100)).toBe(46.17);
    // 80 × 1.05 = 84; 98 × 1.05 = 102.9, capped at 100
    expect(adjustedGrade(80, 1.05, 100)).toBe(84);
    expect(adjustedGrade(98, 1.05, 100)).toBe(100);
    expect(adjustedGrade(7, null, 10)).toBe(7);
    expect(adjustedGrade(0, 1.05, 10)).toBe(0);
  });
});
