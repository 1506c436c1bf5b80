/**
 * Feedback bodies are plain text. Two things in them mean more than their
 * characters, and both sides read them with the functions here:
 *
 * - a mention of a group member, written `@[Name](userId)`: the name is what
 *   the writer saw (shown if the person is unknown), the id is who is meant;
 *   the server checks the id is a member who may see the thread and records
 *   the mention for that member's feed;
 * - a web link, `http://` or `https://` up to the next space.
 *
 * Nothing else is markup: a client renders every segment as text (a link as
 * an anchor element whose text and href are the URL), never as HTML.
 */

/** At most this many people are mentioned in one body. */
export const maxMentionsPerBody = 50;

const idPart = '[a-z2-7]{16,32}';
/** `@[` name `](` id `)`; the name has no `]` and no line break. */
const mentionSource = `@\\[([^\\]\\n]{1,120})\\]\\((${idPart})\\)`;
const linkSource = `https?:\\/\\/[^\\s<>"]+`;

export type BodySegment =
  | { type: 'text'; text: string }
  | { type: 'mention'; userId: string; name: string }
  | { type: 'link'; url: string };

/** The token that mentions `user` in a body (what autocomplete inserts). */
export function mentionToken(user: { id: string; name: string }): string {
  const name = user.name.replace(/[\]\n\r]/g, '').trim().slice(0, 120) || 'someone';
  return `@[${name}](${user.id})`;
}

/** The ids a body mentions, each once, in order of first mention. */
export function mentionedUserIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(new RegExp(mentionSource, 'g'))) ids.add(match[2]!);
  return [...ids];
}

/**
 * A body cut into text, mentions and links, for rendering. Trailing
 * punctuation is not part of a link ("see https://example.org." links the
 * address without the full stop), nor is an unbalanced closing bracket.
 */
export function bodySegments(body: string): BodySegment[] {
  const segments: BodySegment[] = [];
  const pushText = (text: string) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last?.type === 'text') last.text += text;
    else segments.push({ type: 'text', text });
  };
  let at = 0;
  for (const match of body.matchAll(new RegExp(`${mentionSource}|${linkSource}`, 'g'))) {
    const index = match.index;
    pushText(body.slice(at, index));
    if (match[2] !== undefined) {
      segments.push({ type: 'mention', userId: match[2], name: match[1]! });
      at = index + match[0].length;
      continue;
    }
    const url = trimLink(match[0]);
    if (isWebUrl(url)) segments.push({ type: 'link', url });
    else pushText(url);
    at = index + url.length;
  }
  pushText(body.slice(at));
  return segments;
}

function trimLink(candidate: string): string {
  let url = candidate.replace(/[.,;:!?'*]+$/, '');
  // A closing bracket belongs to the link only when the link opened one: "(see https://x.org/a_(b))".
  while (/[)\]]$/.test(url)) {
    const close = url.slice(-1);
    const open = close === ')' ? '(' : '[';
    if (url.split(open).length >= url.split(close).length) break;
    url = url.slice(0, -1).replace(/[.,;:!?'*]+$/, '');
  }
  return url;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
