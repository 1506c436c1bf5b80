import { inviteCode } from '../../../shared/schemas/groups';

/** Longer than any invite link (an address bar keeps about 2 000 characters). */
const maxPastedLink = 2048;

/**
 * The invite code in what someone pasted: a whole link
 * (`https://host/invite/CODE`, with or without the scheme, or just
 * `/invite/CODE`) or the bare code. Any host is accepted, since a link may
 * have been copied from another address of the same app; only the code is
 * used, and it is checked by the server. Null when there is no code in it.
 */
export function inviteCodeIn(pasted: string): string | null {
  const text = pasted.trim();
  // No invite link is longer: longer text is not read, so the pattern below only ever sees a short line.
  if (!text || text.length > maxPastedLink) return null;
  const fromLink = /(?:^|\/)invite\/([^/?#\s]+)\/?(?:[?#].*)?$/i.exec(text);
  const candidate = (fromLink ? fromLink[1]! : text).toLowerCase();
  return inviteCode.safeParse(candidate).success ? candidate : null;
}
