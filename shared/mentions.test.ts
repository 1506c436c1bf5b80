import { describe, expect, it } from 'vitest';
import { bodySegments, mentionedUserIds, mentionToken } from './mentions';

const ada = { id: 'aaaaaaaaaaaaaaaa', name: 'Ada Lovelace' };
const bob = { id: 'bbbbbbbbbbbbbbbb', name: 'Bob' };

describe('mentions', () => {
  it('writes a token that reads back as the same person', () => {
    const body = `Thanks ${mentionToken(ada)}, and ${mentionToken(bob)} too. ${mentionToken(ada)} again.`;
    expect(mentionToken(ada)).toBe('@[Ada Lovelace](aaaaaaaaaaaaaaaa)');
    expect(mentionedUserIds(body)).toEqual([ada.id, bob.id]);
  });

  it('keeps a name that would break the token out of it', () => {
    const token = mentionToken({ id: ada.id, name: 'Eve] (x)\n' });
    expect(token).toBe('@[Eve (x)](aaaaaaaaaaaaaaaa)');
    expect(mentionedUserIds(token)).toEqual([ada.id]);
  });

  it('ignores look-alikes that are not tokens', () => {
    for (const body of ['email me @ada', '@[Ada](not-an-id)', '@[](aaaaaaaaaaaaaaaa)', '@[Ada]\n(aaaaaaaaaaaaaaaa)', '[Ada](aaaaaaaaaaaaaaaa)']) {
      expect(mentionedUserIds(body), body).toEqual([]);
    }
  });
});

describe('body segments', () => {
  it('cuts a body into text, mentions and links, losing nothing', () => {
    const body = `Hi ${mentionToken(ada)}, see https://example.org/a?b=1#c. <b>not html</b>`;
    const segments = bodySegments(body);
    expect(segments).toEqual([
      { type: 'text', text: 'Hi ' },
      { type: 'mention', userId: ada.id, name: 'Ada Lovelace' },
      { type: 'text', text: ', see ' },
      { type: 'link', url: 'https://example.org/a?b=1#c' },
      { type: 'text', text: '. <b>not html</b>' },
    ]);
  });

  it('links only web addresses, and keeps balanced brackets', () => {
    expect(bodySegments('(see http://x.org/a_(b))')).toEqual([
      { type: 'text', text: '(see ' },
      { type: 'link', url: 'http://x.org/a_(b)' },
      { type: 'text', text: ')' },
    ]);
    expect(bodySegments('javascript:alert(1) and data:text/html,x')).toEqual([
      { type: 'text', text: 'javascript:alert(1) and data:text/html,x' },
    ]);
    expect(bodySegments('http://')).toEqual([{ type: 'text', text: 'http://' }]);
  });

  it('gives an empty body no segments', () => {
    expect(bodySegments('')).toEqual([]);
  });
});
