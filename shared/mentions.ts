/**
 * Feedback bodies are plain text. Two things in them mean more than their
 * characters, and both sides read them with the functions here:
 *
 * - a mention of a group member, written `@[Name](userId)`: the name is what
 *   the writer saw (shown if the person is unknown), the id is who is meant;
 *   the server checks the id is a member who may see the thread and records
 *   the mention for that member's feed;
 * - a web link, `http://` or `https://` up to the next space, at most
 *   `maxLinkLength` characters long (a longer one stays text).
 *
 * A mention may also be typed by hand, "@Ben Member": the server turns each
 * one that names a member into the token before it stores the body
 * (linkTypedMentions), and the message field shows the same ones as chips
 * while they are typed (findTypedMentions): one rule, here, for both.
 *
 * Nothing else is markup: a client renders every segment as text (a link as
 * an anchor element whose text and href are the URL), never as HTML.
 *
 * Every scan here is linear in the body's length: bodies are user text.
 */

/** At most this many people are mentioned in one body. */
export const maxMentionsPerBody = 50;

/**
 * A link longer than this stays text: no address a person shares is longer
 * (browsers keep about 2 000 characters in the address bar), and the
 * address parser then never sees more than this.
 */
export const maxLinkLength = 2048;

const idPart = '[a-z2-7]{16,32}';
/** `@[` name `](` id `)`; the name has no `]` and no line break. */
const mentionSource = `@\\[([^\\]\\n]{1,120})\\]\\((${idPart})\\)`;
const linkSource = `https?:\\/\\/[^\\s<>"]+`;

export type BodySegment =
  | { type: 'text'; text: string }
  | { type: 'mention'; userId: string; name: string }
  | { type: 'link'; url: string };

/** The name a token holds for someone: without what would end the token. */
export function mentionName(name: string): string {
  return name.replace(/[\]\n\r]/g, '').trim().slice(0, 120) || 'someone';
}

/** The token that mentions `user` in a body (what autocomplete inserts). */
export function mentionToken(user: { id: string; name: string }): string {
  return `@[${mentionName(user.name)}](${user.id})`;
}

/** The ids a body mentions, each once, in order of first mention. */
export function mentionedUserIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(new RegExp(mentionSource, 'g'))) ids.add(match[2]!);
  return [...ids];
}

/** A segment and where it lies in the body (`to` excluded). */
type Piece = BodySegment & { from: number; to: number };

/** The body cut into segments, with their places; the segments' text, put back together, is the body. */
function piecesOf(body: string): Piece[] {
  const pieces: Piece[] = [];
  const pushText = (from: number, to: number) => {
    if (from >= to) return;
    const last = pieces[pieces.length - 1];
    if (last?.type === 'text') {
      last.text += body.slice(from, to);
      last.to = to;
    } else pieces.push({ type: 'text', text: body.slice(from, to), from, to });
  };
  let at = 0;
  for (const match of body.matchAll(new RegExp(`${mentionSource}|${linkSource}`, 'g'))) {
    const index = match.index;
    pushText(at, index);
    if (match[2] !== undefined) {
      at = index + match[0].length;
      pieces.push({ type: 'mention', userId: match[2], name: match[1]!, from: index, to: at });
      continue;
    }
    const url = trimLink(match[0]);
    if (url.length <= maxLinkLength && isWebUrl(url)) pieces.push({ type: 'link', url, from: index, to: index + url.length });
    else pushText(index, index + url.length);
    at = index + url.length;
  }
  pushText(at, body.length);
  return pieces;
}

/**
 * A body cut into text, mentions and links, for rendering. Trailing
 * punctuation is not part of a link ("see https://example.org." links the
 * address without the full stop), nor is an unbalanced closing bracket.
 */
export function bodySegments(body: string): BodySegment[] {
  return piecesOf(body).map(({ from: _from, to: _to, ...segment }) => segment);
}

/**
 * A body as plain text, for places that show no links or member chips (mail,
 * exports, feed quotes): a mention reads "@Name" with the name as written,
 * never the member's id, which a reader may not be entitled to see; a link
 * reads as its address.
 */
export function plainBodyText(body: string): string {
  return bodySegments(body)
    .map((segment) => (segment.type === 'mention' ? `@${segment.name}` : segment.type === 'link' ? segment.url : segment.text))
    .join('');
}

const trailingPunctuation = new Set(['.', ',', ';', ':', '!', '?', "'", '*']);
const openerOf: Record<string, string> = { ')': '(', ']': '[' };

/** Cuts trailing punctuation and unbalanced closing brackets off a link, in one pass from its end. */
function trimLink(candidate: string): string {
  const count: Record<string, number> = { '(': 0, ')': 0, '[': 0, ']': 0 };
  for (const character of candidate) if (character in count) count[character]!++;
  let end = candidate.length;
  for (;;) {
    while (end > 0 && trailingPunctuation.has(candidate[end - 1]!)) end--;
    const close = candidate[end - 1];
    const open = close === undefined ? undefined : openerOf[close];
    // A closing bracket belongs to the link only when the link opened one: "(see https://x.org/a_(b))".
    if (open === undefined || count[open]! >= count[close!]!) break;
    count[close!]!--;
    end--;
  }
  return candidate.slice(0, end);
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Someone a typed "@Name" may mean: a member who may read the feedback. */
export interface MentionCandidate {
  id: string;
  name: string;
}

/**
 * A "@Name" typed by hand, from its `@` to the end of the name: the member
 * it means, or `member: null` when it could mean several (`among` of them).
 */
export interface TypedMention {
  start: number;
  end: number;
  member: MentionCandidate | null;
  among: number;
}

const letterOrDigit = /[\p{L}\p{N}\p{M}]/u;
/** A word longer than this is no one's first name. */
const longestWord = 120;

const isWordCharacter = (character: string | undefined) => character !== undefined && letterOrDigit.test(character);

/** Where the word (letters, digits) starting at `from` ends, at `limit` at the latest. */
function wordEnd(text: string, from: number, limit = text.length): number {
  let end = from;
  while (end < limit && end - from < longestWord && isWordCharacter(text[end])) end++;
  return end;
}

/** A mention starts at an `@` at the start of the text, or after a space or an opening bracket; never inside a word ("ada@example.org"). */
export function canStartMention(text: string, at: number): boolean {
  return at === 0 || /[\s([]/.test(text[at - 1]!);
}

/** The members' names, lower case with single spaces, one character a step: a typed name is read once, whatever the group's size. */
interface NameTree {
  next: Map<string, NameTree>;
  /** The members whose whole name ends here. */
  ends: MentionCandidate[];
}

interface Directory {
  names: NameTree;
  /** The members by the lower-case first word of their name. */
  byFirstWord: Map<string, MentionCandidate[]>;
}

function directoryOf(candidates: readonly MentionCandidate[]): Directory {
  const names: NameTree = { next: new Map(), ends: [] };
  const byFirstWord = new Map<string, MentionCandidate[]>();
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const name = candidate.name.trim().replace(/\s+/g, ' ');
    if (name === '' || seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    const member = { id: candidate.id, name };
    let node = names;
    for (const character of name) {
      const key = character.toLowerCase();
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map(), ends: [] }));
      node = child;
    }
    node.ends.push(member);
    const first = name.slice(0, wordEnd(name, 0)).toLowerCase();
    const sharing = byFirstWord.get(first);
    // Added in place: copying the list for each member would cost the square of a large course sharing one first name.
    if (sharing) sharing.push(member);
    else byFirstWord.set(first, [member]);
  }
  return { names, byFirstWord };
}

/** Who the name typed from `from` (just after an `@`) to `limit` at most means; null when it names no one. */
function typedAt(text: string, from: number, limit: number, { names, byFirstWord }: Directory): Omit<TypedMention, 'start'> | null {
  // The whole name first, the longest that fits: "@Ben Member" means Ben Member even if Ben Other is a member too.
  let best: { end: number; ends: MentionCandidate[] } | null = null;
  let node: NameTree | undefined = names;
  for (let at = from; node && at < limit; ) {
    const character = String.fromCodePoint(text.codePointAt(at)!);
    node = node.next.get(character.toLowerCase());
    at += character.length;
    if (node && node.ends.length > 0 && !(at < limit && isWordCharacter(text[at]))) best = { end: at, ends: node.ends };
  }
  if (best) return { end: best.end, member: best.ends.length === 1 ? best.ends[0]! : null, among: best.ends.length };
  // Then the first name alone, if it is a word: "@Ben" means the one member called Ben, and no one if several are.
  const firstEnd = wordEnd(text, from, limit);
  const sharing = firstEnd === from ? undefined : byFirstWord.get(text.slice(from, firstEnd).toLowerCase());
  if (!sharing) return null;
  return { end: firstEnd, member: sharing.length === 1 ? sharing[0]! : null, among: sharing.length };
}

/**
 * The "@Name"s typed by hand in a body (outside tokens and links), in order.
 * A typed name matches a member's full name, case aside, the longest that
 * fits and ends at a word's end; or else the first word of exactly one
 * member's name. A name that two members share matches no one: it is
 * reported with `member: null`, so that the writer can be told to choose.
 */
export function findTypedMentions(body: string, candidates: readonly MentionCandidate[]): TypedMention[] {
  if (!body.includes('@') || candidates.length === 0) return [];
  const directory = directoryOf(candidates);
  const found: TypedMention[] = [];
  // One cursor over the body's "@"s for all pieces: searching afresh from each piece's start would scan past many pieces again and again.
  let at = body.indexOf('@');
  for (const piece of piecesOf(body)) {
    if (at === -1) break;
    if (piece.type !== 'text') continue;
    if (at < piece.from) at = body.indexOf('@', piece.from);
    while (at !== -1 && at < piece.to) {
      const typed = canStartMention(body, at) ? typedAt(body, at + 1, piece.to, directory) : null;
      if (typed) found.push({ start: at, ...typed });
      at = body.indexOf('@', typed ? typed.end : at + 1);
    }
  }
  return found;
}

/**
 * The body with each "@Name" typed by hand that means one member written as
 * that member's token, so that it is stored, shown and counted like a
 * mention chosen from the list. Names that mean no one, or several, stay text.
 */
export function linkTypedMentions(body: string, candidates: readonly MentionCandidate[]): string {
  let linked = '';
  let at = 0;
  for (const typed of findTypedMentions(body, candidates)) {
    if (!typed.member) continue;
    linked += body.slice(at, typed.start) + mentionToken(typed.member);
    at = typed.end;
  }
  return at === 0 ? body : linked + body.slice(at);
}
