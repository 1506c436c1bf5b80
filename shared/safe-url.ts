/**
 * Which link addresses a document may hold: the same rule in the editor
 * (Tiptap's Link: typed, pasted, autolinked and loaded links), in the link
 * prompt (which says why an address is refused) and in the exports (where a
 * refused link becomes plain text).
 *
 * Allowed: `http:`, `https:` and `mailto:` addresses, and relative ones
 * (`/a/b`, `page`, `?q`, `#section`, `//host/path`). Refused: every other
 * scheme (`javascript:`, `data:`, `vbscript:`, `file:`, and any scheme we do
 * not know, since a browser may give it a meaning), and anything with
 * control, formatting or space characters or a backslash inside: browsers
 * drop or reinterpret those (`java\tscript:` is `javascript:` to them), so
 * an address holding one is not what it looks like.
 *
 * One pass over the address, no backtracking, and at most
 * `linkLimits.length` characters are looked at before refusing.
 */

export const linkLimits = {
  /** Longer than any address a person means to type or paste (browsers keep about 2 000 in the bar). */
  length: 4096,
} as const;

export const allowedLinkSchemes: readonly string[] = ['http', 'https', 'mailto'];

export type LinkCheck = { ok: true; href: string } | { ok: false; reason: string };

/** Control (Cc), formatting (Cf, such as zero-width and direction marks) and space characters, and the backslash. */
const oddCharacter = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;
const schemeName = /^[a-z][a-z0-9+.-]*$/i;

/** Checks one address, trimmed of surrounding spaces; says why in words a writer understands when it is refused. */
export function checkLink(value: unknown): LinkCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'A link needs an address.' };
  if (value.length > linkLimits.length + 64) return { ok: false, reason: `A link address may be at most ${linkLimits.length} characters long.` };
  const href = value.trim();
  if (href === '') return { ok: false, reason: 'A link needs an address.' };
  if (href.length > linkLimits.length) return { ok: false, reason: `A link address may be at most ${linkLimits.length} characters long.` };
  if (oddCharacter.test(href)) {
    return { ok: false, reason: 'A link address may not contain spaces, backslashes or invisible characters (write a space as %20).' };
  }
  // The scheme is what comes before the first ":" when no "/", "?" or "#"
  // comes earlier; a relative address has none.
  const end = href.search(/[:/?#]/);
  if (end === -1 || href[end] !== ':') return { ok: true, href };
  const scheme = href.slice(0, end);
  if (!schemeName.test(scheme) || !allowedLinkSchemes.includes(scheme.toLowerCase())) {
    return { ok: false, reason: 'Only web (http, https) and email (mailto) links are allowed.' };
  }
  if (scheme.toLowerCase() !== 'mailto' && !href.slice(end + 1).startsWith('//')) {
    return { ok: false, reason: 'A web address starts with http:// or https://.' };
  }
  return { ok: true, href };
}

/** Whether a document may link to this address. */
export function isSafeUrl(value: unknown): value is string {
  return checkLink(value).ok;
}
