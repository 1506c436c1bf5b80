import { describe, expect, it } from 'vitest';
import { barScale, isMostlyPasted, niceCeiling, pastedShare, survivingShare } from './contribution-scale';

describe('contribution scale', () => {
  it('puts every bar on one round scale with whole ticks', () => {
    expect(barScale([{ surviving: 120, inserted: 340, deleted: 15 }, { surviving: 90, inserted: 95, deleted: 410 }])).toEqual({
      max: 500,
      ticks: [0, 250, 500],
    });
    // Tiny or empty reports still get a readable scale.
    expect(barScale([]).max).toBe(10);
    expect(barScale([{ surviving: 3, inserted: 3, deleted: 0 }]).ticks).toEqual([0, 5, 10]);
  });

  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([1, 11, 21, 51, 100, 101, 1999].map(niceCeiling)).toEqual([1, 20, 50, 100, 100, 200, 2000]);
  });

  it('flags text as mostly pasted from half of the insertions on', () => {
    expect(pastedShare({ inserted: 200, pasted: 100 })).toBe(0.5);
    expect(isMostlyPasted({ inserted: 200, pasted: 100 })).toBe(true);
    expect(isMostlyPasted({ inserted: 200, pasted: 99 })).toBe(false);
    expect(isMostlyPasted({ inserted: 0, pasted: 0 })).toBe(false);
    expect(survivingShare(25, 100)).toBe(0.25);
    expect(survivingShare(5, 0)).toBe(0);
  });
});
