import { describe, expect, it } from 'vitest';
import { bodySegments, mentionedUserIds } from '../../../shared/mentions';
import { insertMention, matchMembers, mentionableFor, mentionQueryAt, type Mentionable } from './mention-input';

const ada: Mentionable = { id: 'adaadaadaadaadaa', name: 'Ada Lovelace', role: 'instructor', readsPrivateFeedback: true };
const grace: Mentionable = { id: 'gracegracegracea', name: 'Grace Hopper', role: 'member', readsPrivateFeedback: false };
const peer: Mentionable = { id: 'peerpeerpeerpeer', name: 'Peer Reviewer', role: 'reviewer', readsPrivateFeedback: false };
const members = [ada, grace, peer];

describe('mentionQueryAt', () => {
  it('finds the name being typed after an @ at the start, after a space or a bracket', () => {
    expect(mentionQueryAt('@Gr', 3)).toEqual({ start: 0, end: 3, text: 'Gr' });
    expect(mentionQueryAt('Thanks @Grace Ho', 16)).toEqual({ start: 7, end: 16, text: 'Grace Ho' });
    expect(mentionQueryAt('(@', 2)).toEqual({ start: 1, end: 2, text: '' });
  });

  it('ignores an @ inside a word, after the caret, across lines, or followed by a space', () => {
    expect(mentionQueryAt('mail ada@example.org', 20)).toBeNull();
    expect(mentionQueryAt('hello @Ada', 5)).toBeNull();
    expect(mentionQueryAt('@Ada\nnext', 9)).toBeNull();
    expect(mentionQueryAt('@ nobody', 8)).toBeNull();
    expect(mentionQueryAt(`@${'x'.repeat(41)}`, 42)).toBeNull();
  });
});

describe('matchMembers', () => {
  it('ranks the start of the name first, then the start of a word, then anywhere', () => {
    const people = [{ name: 'Bob Grace' }, { name: 'Grace Hopper' }, { name: 'Ingrace' }];
    expect(matchMembers(people, 'grace').map((p) => p.name)).toEqual(['Grace Hopper', 'Bob Grace', 'Ingrace']);
    expect(matchMembers(members, 'zzz')).toEqual([]);
    expect(matchMembers(members, '')).toHaveLength(3);
  });
});

describe('insertMention', () => {
  it('replaces the query with the token the server reads, and puts the caret after it', () => {
    const value = 'Thanks @Gra and welcome';
    const query = mentionQueryAt(value, 11)!;
    const { value: next, caret } = insertMention(value, query, grace);
    expect(next).toBe(`Thanks @[Grace Hopper](${grace.id}) and welcome`);
    expect(next.slice(0, caret)).toBe(`Thanks @[Grace Hopper](${grace.id}) `);
    expect(mentionedUserIds(next)).toEqual([grace.id]);
    expect(bodySegments(next)).toContainEqual({ type: 'mention', userId: grace.id, name: 'Grace Hopper' });
  });

  it('keeps a name with brackets from breaking the token', () => {
    const odd = { id: 'oddoddoddoddoddo', name: 'Ada ] (the) [Countess]' };
    const { value } = insertMention('@Ad', { start: 0, end: 3, text: 'Ad' }, odd);
    expect(mentionedUserIds(value)).toEqual([odd.id]);
  });
});

describe('mentionableFor', () => {
  it('offers everyone for group feedback, and only instructors and the author for private feedback', () => {
    expect(mentionableFor(members, 'group', grace.id)).toEqual(members);
    expect(mentionableFor(members, 'instructors', grace.id)).toEqual([ada, grace]);
  });
});
