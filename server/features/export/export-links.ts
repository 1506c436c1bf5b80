import { isSafeUrl } from '../../../shared/safe-url';

/**
 * The address a link keeps in a Word or PDF file: an absolute http(s) or
 * mailto address that the editor's own rule (shared/safe-url.ts) allows.
 * A relative address means nothing outside the app, so, like a refused one,
 * its text stays and the link goes.
 */
export function exportHref(value: unknown): string | null {
  if (!isSafeUrl(value)) return null;
  const href = value.trim();
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : null;
}
