import { describe, expect, it } from 'vitest';
import { checkLink, isSafeUrl, linkLimits } from './safe-url';

describe('safe link addresses', () => {
  it('allows web, email and relative addresses', () => {
    for (const good of [
      'https://example.org/a?b=1&c=2#d',
      'HTTP://EXAMPLE.ORG',
      'mailto:ada@example.org?subject=Hi',
      '/docs/abc',
      'page.html',
      'notes/page:2',
      '?q=1',
      '#section-2',
      '//example.org/path',
      '  https://example.org  ',
    ]) {
      expect(isSafeUrl(good), good).toBe(true);
    }
    expect(checkLink('  https://example.org  ')).toEqual({ ok: true, href: 'https://example.org' });
  });

  it('refuses script, data, file and unknown schemes, however they are spelt', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'java\u0000script:alert(1)',
      'jav\u200bascript:alert(1)',
      'javascript\\:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.org',
      'intent://x#Intent;end',
      'https:example.org',
      'https:/\\evil.example',
      '1http://x',
      'a b',
      '',
      '   ',
    ]) {
      expect(isSafeUrl(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isSafeUrl(undefined)).toBe(false);
    expect(isSafeUrl(42)).toBe(false);
  });

  it('says why an address is refused', () => {
    expect(checkLink('javascript:alert(1)')).toEqual({ ok: false, reason: 'Only web (http, https) and email (mailto) links are allowed.' });
    expect(checkLink('a\u0007b')).toMatchObject({ ok: false, reason: expect.stringContaining('invisible characters') });
    expect(checkLink('')).toMatchObject({ ok: false, reason: 'A link needs an address.' });
  });

  it('answers at once for very long and adversarial addresses', () => {
    const started = performance.now();
    expect(isSafeUrl(`https://example.org/${'a'.repeat(100_000)}`)).toBe(false);
    expect(isSafeUrl('a'.repeat(100_000))).toBe(false);
    expect(isSafeUrl(`https://example.org/${'a'.repeat(linkLimits.length - 30)}`)).toBe(true);
    expect(isSafeUrl(`${'a'.repeat(linkLimits.length - 1)}:`)).toBe(false);
    expect(isSafeUrl(`${'a+'.repeat(2000)}:`)).toBe(false);
    expect(isSafeUrl(' '.repeat(100_000))).toBe(false);
    expect(isSafeUrl(`https://x/${'%'.repeat(4000)}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
