import type { Role } from '../../../shared/permissions';
import { mentionToken } from '../../../shared/mentions';
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
 * An `@` inside a word ("ada@example.org") starts nothing.
 */
export function mentionQueryAt(value: string, caret: number): MentionQuery | null {
  const before = value.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  const text = before.slice(at + 1);
  if (text.length > maxQuery || /[\n@[\]()]/.test(text) || text.startsWith(' ')) return null;
  if (at > 0 && !/[\s([]/.test(before[at - 1]!)) return null;
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
 * Replaces the query with the member's mention token and a space, and gives
 * the caret position after it. The token is the one the server reads
 * (shared/mentions.ts), so what is shown is what is stored.
 */
export function insertMention(value: string, query: MentionQuery, member: Pick<Mentionable, 'id' | 'name'>): { value: string; caret: number } {
  const token = `${mentionToken(member)} `;
  const rest = value.slice(query.end).replace(/^ /, '');
  return { value: value.slice(0, query.start) + token + rest, caret: query.start + token.length };
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
