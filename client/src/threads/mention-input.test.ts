import { describe, expect, it } from 'vitest';
import { bodySegments, mentionedUserIds } from '../../../shared/mentions';
import {
  bodyOfField,
  chosenSpans,
  fieldMarks,
  fieldTextOf,
  insertMention,
  matchMembers,
  mentionableFor,
  mentionQueryAt,
  type Mentionable,
} from './mention-input';

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
  it('replaces the query with the readable name, puts the caret after it, and sends the token the server reads', () => {
    const value = 'Thanks @Gra and welcome';
    const query = mentionQueryAt(value, 11)!;
    const { text, caret, chosen } = insertMention(value, query, grace);
    expect(text).toBe('Thanks @Grace Hopper and welcome');
    expect(text.slice(0, caret)).toBe('Thanks @Grace Hopper ');
    const body = bodyOfField(text, [chosen]);
    expect(body).toBe(`Thanks @[Grace Hopper](${grace.id}) and welcome`);
    expect(mentionedUserIds(body)).toEqual([grace.id]);
    expect(bodySegments(body)).toContainEqual({ type: 'mention', userId: grace.id, name: 'Grace Hopper' });
    // Once chosen, the name no longer opens the list.
    expect(mentionQueryAt(text, caret, chosenSpans(text, [chosen]))).toBeNull();
  });

  it('keeps a name with brackets from breaking the token', () => {
    const odd = { id: 'oddoddoddoddoddo', name: 'Ada ] (the) [Countess]' };
    const { text, chosen } = insertMention('@Ad', { start: 0, end: 3, text: 'Ad' }, odd);
    expect(mentionedUserIds(bodyOfField(text, [chosen]))).toEqual([odd.id]);
  });
});

describe('the field’s text', () => {
  it('shows a body’s tokens as readable names, and writes the same body back', () => {
    const body = `Hi @[Grace Hopper](${grace.id}), see https://example.org and @Ada`;
    const { text, chosen } = fieldTextOf(body);
    expect(text).toBe('Hi @Grace Hopper, see https://example.org and @Ada');
    expect(chosen).toEqual([{ id: grace.id, name: 'Grace Hopper' }]);
    expect(bodyOfField(text, chosen)).toBe(body);
  });

  it('drops a chosen mention whose name was edited, keeping the text', () => {
    const chosen = [{ id: grace.id, name: 'Grace Hopper' }];
    expect(bodyOfField('@Grace Hoppe', chosen)).toBe('@Grace Hoppe');
    expect(bodyOfField('@Grace Hoppers', chosen)).toBe('@Grace Hoppers');
    expect(bodyOfField('mail@Grace Hopper', chosen)).toBe('mail@Grace Hopper');
  });

  it('marks chosen mentions, typed names that mention someone, and typed names that could be several people', () => {
    const grant = { id: 'grantgrantgrantg', name: 'Grace Grant', role: 'member' as const, readsPrivateFeedback: false };
    const text = '@Grace Hopper, @ada lovelace, @Grace and @Nobody';
    const marks = fieldMarks(text, [{ id: grace.id, name: 'Grace Hopper' }], [...members, grant]);
    expect(marks.map((mark) => [text.slice(mark.start, mark.end), mark.kind, mark.name, mark.among])).toEqual([
      ['@Grace Hopper', 'chosen', 'Grace Hopper', 1],
      ['@ada lovelace', 'typed', 'Ada Lovelace', 1],
      ['@Grace', 'unclear', null, 2],
    ]);
  });

  it('reads a field of 100,000 @ characters in linear time', () => {
    const text = '@'.repeat(100_000);
    const started = performance.now();
    fieldMarks(text, [{ id: grace.id, name: 'Grace Hopper' }], members);
    bodyOfField(text, [{ id: grace.id, name: 'Grace Hopper' }]);
    fieldTextOf(text);
    mentionQueryAt(text, text.length);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('mentionableFor', () => {
  it('offers everyone for group feedback, and only instructors and the author for private feedback', () => {
    expect(mentionableFor(members, 'group', grace.id)).toEqual(members);
    expect(mentionableFor(members, 'instructors', grace.id)).toEqual([ada, grace]);
  });
});
