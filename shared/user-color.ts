/**
 * Caret and avatar colours: dark enough for white text (WCAG AA, ≥ 4.5:1) and
 * distinct from each other. `#rrggbb` only: the caret extension rejects other forms.
 */
export const palette = [
  '#b3261e', '#1d5fa8', '#2e7d32', '#8e24aa', '#c2410c', '#00796b',
  '#ad1457', '#4e5ba6', '#6d4c41', '#0b7285', '#7b5e00', '#5e35b1',
] as const;

/** The same colour for a user on every device and page: a hash of their id (FNV-1a). */
export function userColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return palette[(hash >>> 0) % palette.length] ?? palette[0];
}
