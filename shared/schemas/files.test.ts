import { describe, expect, it } from 'vitest';
import { productFilePath } from './files';

describe('productFilePath', () => {
  it('keeps this product’s file addresses, absolute or not, as their path', () => {
    expect(productFilePath('/api/files/abc_D-9')).toBe('/api/files/abc_D-9');
    expect(productFilePath('https://commonplace.example/api/files/abc')).toBe('/api/files/abc');
  });

  it('refuses every other address', () => {
    for (const src of [null, '', 'x', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://evil.example/a.png', '/api/files/../secret', '/api/files/a?b=1', '//evil.example/api/files/a']) {
      expect(productFilePath(src), String(src)).toBeNull();
    }
  });

  it('answers a long hostile address at once (the pattern is anchored and linear)', () => {
    expect(productFilePath(`https://${'a'.repeat(200_000)}/api/files/${'b'.repeat(100)}`)).toBeNull();
  });
});
