import { describe, expect, it } from 'vitest';
import { bodySegments, findTypedMentions, linkTypedMentions, mentionedUserIds, mentionToken } from './mentions';

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

describe('typed mentions', () => {
  const ben = { id: 'benbenbenbenbenb', name: 'Ben Member' };
  const bella = { id: 'bellabellabellab', name: 'Bella Other' };
  const chloe = { id: 'chloechloechloec', name: 'Chloe Member' };
  const chloe2 = { id: 'chloetwochloetwo', name: 'Chloe Second' };
  const members = [ben, bella, chloe, chloe2];
  const typed = (body: string, candidates = members) =>
    findTypedMentions(body, candidates).map(({ start, end, member, among }) => ({ text: body.slice(start, end), id: member?.id ?? null, among }));

  it('matches a full name, case aside, ending at a word’s end', () => {
    expect(typed('Thanks @Ben Member, and @chloe member.')).toEqual([
      { text: '@Ben Member', id: ben.id, among: 1 },
      { text: '@chloe member', id: chloe.id, among: 1 },
    ]);
    // "Ben Members" is not Ben Member's name; "Ben" alone is his first name.
    expect(typed('@Ben Members')).toEqual([{ text: '@Ben', id: ben.id, among: 1 }]);
  });

  it('matches a first name that only one member has; a shared one matches no one and says how many it could be', () => {
    expect(typed('@ben can you look?')).toEqual([{ text: '@ben', id: ben.id, among: 1 }]);
    expect(typed('@Chloe can you look?')).toEqual([{ text: '@Chloe', id: null, among: 2 }]);
    // The full name settles it.
    expect(typed('@Chloe Second can you look?')).toEqual([{ text: '@Chloe Second', id: chloe2.id, among: 1 }]);
    // The longest full name wins over a shorter one that is also someone's.
    const short = { id: 'shortshortshorts', name: 'Ben' };
    expect(typed('@Ben Member hi', [ben, short])).toEqual([{ text: '@Ben Member', id: ben.id, among: 1 }]);
    expect(typed('@Ben hi', [ben, short])).toEqual([{ text: '@Ben', id: short.id, among: 1 }]);
    // Two members with the very same name: no one.
    const twin = { id: 'twintwintwintwin', name: 'ben member' };
    expect(typed('@Ben Member', [ben, twin])).toEqual([{ text: '@Ben Member', id: null, among: 2 }]);
  });

  it('ignores an @ inside a word, a part of a first name, unknown names, tokens and links', () => {
    expect(typed('mail ben@example.org or @Be or @Nobody, see https://x.org/@Ben')).toEqual([]);
    expect(typed(`${mentionToken(ben)} and @[x @Ben](${bella.id})`)).toEqual([]);
    expect(typed('(@Ben) [@Bella]')).toEqual([
      { text: '@Ben', id: ben.id, among: 1 },
      { text: '@Bella', id: bella.id, among: 1 },
    ]);
  });

  it('links each typed name that means one member as that member’s token, and leaves the rest as typed', () => {
    const body = 'Hi @ben and @Chloe, cc @Chloe Member. @Nobody';
    const linked = linkTypedMentions(body, members);
    expect(linked).toBe(`Hi ${mentionToken(ben)} and @Chloe, cc ${mentionToken(chloe)}. @Nobody`);
    expect(mentionedUserIds(linked)).toEqual([ben.id, chloe.id]);
    expect(linkTypedMentions('no mention here', members)).toBe('no mention here');
    expect(linkTypedMentions(linked, members)).toBe(linked);
  });

  it('stays linear on hostile text', () => {
    const crowd = Array.from({ length: 200 }, (_, n) => ({ id: `${'a'.repeat(15)}${'abcdefghijklmnopqrstuvwxyz234567'[n % 32]}${n}`, name: `Ben ${'x'.repeat(n % 100)}` }));
    const hostile = [
      '@'.repeat(100_000),
      '@Ben '.repeat(20_000),
      `@${'B'.repeat(100_000)}`,
      ` @${'e'.repeat(50)}`.repeat(2_000),
      `http://x.org/${'.'.repeat(50_000)}a${')'.repeat(50_000)}`,
      `@[${'a'.repeat(100)}`.repeat(1_000),
    ];
    const started = performance.now();
    for (const body of hostile) {
      findTypedMentions(body, crowd);
      linkTypedMentions(body, members);
      bodySegments(body);
      mentionedUserIds(body);
    }
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
