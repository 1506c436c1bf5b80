import { palette, userColor } from '../../../shared/user-color';

/**
 * Colours for the authors shown together in one view (authorship, compare,
 * charts): each person keeps their own colour (the caret’s, shared/user-color.ts)
 * unless someone earlier in the list already has it; then they get the next
 * free colour of the palette, so that no two authors in a legend look alike
 * (up to the palette's twelve colours). Authors are taken in id order, so the
 * same people get the same colours wherever they appear together.
 */
export function authorColors(userIds: Iterable<string>): Map<string, string> {
  const ids = [...new Set(userIds)].sort();
  const colors = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of ids) {
    let color = userColor(id);
    if (taken.has(color)) {
      const start = palette.indexOf(color as (typeof palette)[number]);
      for (let step = 1; step < palette.length; step++) {
        const candidate = palette[(start + step) % palette.length] ?? color;
        if (!taken.has(candidate)) {
          color = candidate;
          break;
        }
      }
    }
    taken.add(color);
    colors.set(id, color);
  }
  return colors;
}

/** The colour for text whose author is unknown (a client id with no owner, or a reviewer's view). */
export const unknownAuthorColor = '#6b7280';
