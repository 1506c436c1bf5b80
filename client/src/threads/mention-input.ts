import type { Role } from '../../../shared/permissions';
import { bodySegments, canStartMention, findTypedMentions, mentionName, mentionToken } from '../../../shared/mentions';
import type { ThreadVisibility } from '../../../shared/schemas/threads';

/** Someone who can be mentioned: a member of the document's group. */
export interface Mentionable {
  id: string;
  name: string;
  /** Shown beside the name. */
  role: Role;
  /** Whether they may read feedback for instructors only (the server says so, from their role). */
  readsPrivateFeedback: boolean;
}

/** The `@name` being typed just before the caret: where it starts and what follows the `@`. */
export interface MentionQuery {
  start: number;
  end: number;
  text: string;
}

/** How many characters after `@` still count as a name being typed. */
const maxQuery = 40;

/**
 * The mention being typed at `caret`, if any: an `@` at the start of the
 * text or after a space or an opening bracket, followed by up to 40
 * characters without a line break or another `@` (names have spaces, so
 * "@Ada Lo" is still one query; the list closes when nobody matches).
 * An `@` inside a word ("ada@example.org") starts nothing, nor does one that
 * starts a mention already chosen (`chosen`, from chosenSpans).
 */
export function mentionQueryAt(value: string, caret: number, chosen: readonly ChosenSpan[] = []): MentionQuery | null {
  const before = value.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  const text = before.slice(at + 1);
  if (text.length > maxQuery || /[\n@[\]()]/.test(text) || text.startsWith(' ')) return null;
  if (!canStartMention(before, at)) return null;
  if (chosen.some((span) => span.start === at && span.end <= caret)) return null;
  return { start: at, end: caret, text };
}

/** Members whose name matches a query, best first: the name, then a word of it, then anywhere in it. */
export function matchMembers<T extends Pick<Mentionable, 'name'>>(members: readonly T[], text: string, limit = 8): T[] {
  const query = text.trim().toLocaleLowerCase();
  const rank = (name: string): number => {
    const lower = name.toLocaleLowerCase();
    if (lower.startsWith(query)) return 0;
    if (lower.split(/\s+/).some((word) => word.startsWith(query))) return 1;
    return lower.includes(query) ? 2 : -1;
  };
  return members
    .map((member) => ({ member, rank: rank(member.name) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.member.name.localeCompare(b.member.name))
    .slice(0, limit)
    .map(({ member }) => member);
}

/**
 * A mention chosen from the list, as the field shows it: "@" and the name the
 * token holds (mentionName), and who it means.
 */
export interface ChosenMention {
  id: string;
  name: string;
}

export interface ChosenSpan {
  start: number;
  end: number;
  member: ChosenMention;
}

/**
 * What the message field shows for a body: each token as the readable
 * "@Name" (never its markup), and the mentions chosen, to write the tokens
 * back when the body is sent (bodyOfField).
 */
export function fieldTextOf(body: string): { text: string; chosen: ChosenMention[] } {
  let text = '';
  const chosen: ChosenMention[] = [];
  for (const segment of bodySegments(body)) {
    if (segment.type === 'mention') {
      text += `@${segment.name}`;
      if (!chosen.some((member) => member.id === segment.userId)) chosen.push({ id: segment.userId, name: segment.name });
    } else text += segment.type === 'text' ? segment.text : segment.url;
  }
  return { text, chosen };
}

const wordCharacter = /[\p{L}\p{N}\p{M}]/u;

/**
 * Where the chosen mentions stand in the field's text: an `@` that may start
 * a mention, then a chosen name (the longest that fits), ending at a word's
 * end. A chosen name edited into something else is text again.
 */
export function chosenSpans(text: string, chosen: readonly ChosenMention[]): ChosenSpan[] {
  if (chosen.length === 0) return [];
  const longestFirst = [...chosen].sort((a, b) => b.name.length - a.name.length);
  const spans: ChosenSpan[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    const member = canStartMention(text, at)
      ? longestFirst.find((candidate) => text.startsWith(candidate.name, at + 1) && !wordCharacter.test(text[at + 1 + candidate.name.length] ?? ''))
      : undefined;
    const end = member ? at + 1 + member.name.length : at + 1;
    if (member) spans.push({ start: at, end, member });
    at = text.indexOf('@', end);
  }
  return spans;
}

/**
 * The body to send for what the field shows: each chosen mention as its
 * token; names typed by hand stay as typed, for the server to link by the
 * rule the field previews (shared/mentions.ts).
 */
export function bodyOfField(text: string, chosen: readonly ChosenMention[]): string {
  let body = '';
  let at = 0;
  for (const span of chosenSpans(text, chosen)) {
    body += text.slice(at, span.start) + mentionToken(span.member);
    at = span.end;
  }
  return body + text.slice(at);
}

/** What a stretch of the field's text is, for the chips drawn behind it. */
export interface FieldMark {
  start: number;
  end: number;
  /** Chosen from the list; typed, and naming one member; typed, and naming several (no one is mentioned). */
  kind: 'chosen' | 'typed' | 'unclear';
  /** Who it mentions (the typed name's member's full name), or how many it could be. */
  name: string | null;
  among: number;
}

/** The mentions in the field's text: chosen ones, and the typed names that will be mentions (or are unclear), in order. */
export function fieldMarks(text: string, chosen: readonly ChosenMention[], mentionable: readonly Pick<Mentionable, 'id' | 'name'>[]): FieldMark[] {
  const spans = chosenSpans(text, chosen);
  const marks: FieldMark[] = spans.map((span) => ({ start: span.start, end: span.end, kind: 'chosen', name: span.member.name, among: 1 }));
  const starts = new Set(spans.map((span) => span.start));
  for (const typed of findTypedMentions(text, mentionable)) {
    if (starts.has(typed.start)) continue;
    marks.push({ start: typed.start, end: typed.end, kind: typed.member ? 'typed' : 'unclear', name: typed.member?.name ?? null, among: typed.among });
  }
  return marks.sort((a, b) => a.start - b.start);
}

/**
 * Replaces the query with "@Name " as the field shows it, and gives the
 * caret after it and the mention chosen; the field sends it as the token the
 * server reads (bodyOfField).
 */
export function insertMention(
  text: string,
  query: MentionQuery,
  member: Pick<Mentionable, 'id' | 'name'>,
): { text: string; caret: number; chosen: ChosenMention } {
  const chosen = { id: member.id, name: mentionName(member.name) };
  const inserted = `@${chosen.name} `;
  const rest = text.slice(query.end).replace(/^ /, '');
  return { text: text.slice(0, query.start) + inserted + rest, caret: query.start + inserted.length, chosen };
}

/**
 * Who may be mentioned in feedback with this visibility: the server refuses
 * a mention of someone who could not read it (private feedback is for the
 * instructors and its author).
 */
export function mentionableFor<T extends Mentionable>(members: readonly T[], visibility: ThreadVisibility, authorId: string): T[] {
  if (visibility === 'group') return [...members];
  return members.filter((member) => member.id === authorId || member.readsPrivateFeedback);
}
