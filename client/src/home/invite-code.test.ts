import { describe, expect, it } from 'vitest';
import { inviteCodeIn } from './invite-code';

const code = 'abcdefghijklmnopqrstuvwx';

describe('inviteCodeIn', () => {
  it('finds the code in a pasted link, whatever the host, with stray spaces or a trailing slash', () => {
    expect(inviteCodeIn(`http://localhost:3000/invite/${code}`)).toBe(code);
    expect(inviteCodeIn(`  https://write.example.edu/invite/${code}/ `)).toBe(code);
    expect(inviteCodeIn(`write.example.edu/invite/${code}?from=mail#top`)).toBe(code);
    expect(inviteCodeIn(`/invite/${code}`)).toBe(code);
  });

  it('takes a bare code, in any case', () => {
    expect(inviteCodeIn(code)).toBe(code);
    expect(inviteCodeIn(code.toUpperCase())).toBe(code);
  });

  it('finds nothing in other links, text or a code of the wrong shape', () => {
    for (const pasted of ['', '   ', 'hello there', `http://localhost:3000/docs/${code}`, 'http://localhost:3000/invite/', 'short', `${code}!`, 'invite/abc1']) {
      expect(inviteCodeIn(pasted), pasted).toBeNull();
    }
  });
});
