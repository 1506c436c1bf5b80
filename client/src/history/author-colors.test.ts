import { describe, expect, it } from 'vitest';
import { palette, userColor } from '../../../shared/user-color';
import { authorColors } from './author-colors';

/** Ids whose own colour (userColor) is the same: they would look alike in a legend. */
function clashingIds(): [string, string] {
  const byColor = new Map<string, string>();
  for (let i = 0; ; i++) {
    const id = `user${String(i).padStart(12, 'a')}`;
    const seen = byColor.get(userColor(id));
    if (seen) return [seen, id];
    byColor.set(userColor(id), id);
  }
}

describe('authorColors', () => {
  it('keeps each person their own colour when nobody else in the view has it', () => {
    const first = 'aaaaaaaaaaaaaaaa';
    let second = 'bbbbbbbbbbbbbbbb';
    for (let i = 0; userColor(second) === userColor(first); i++) second = `b${i}`.padEnd(16, 'b');
    const colors = authorColors([first, second]);
    expect(colors.get(first)).toBe(userColor(first));
    expect(colors.get(second)).toBe(userColor(second));
  });

  it('gives two people with the same own colour different colours, whatever the order they come in', () => {
    const [first, second] = clashingIds();
    const colors = authorColors([second, first]);
    expect(colors.get(first)).not.toBe(colors.get(second));
    expect(authorColors([first, second])).toEqual(colors);
  });

  it('gives up to twelve people twelve different colours of the palette', () => {
    const ids = Array.from({ length: palette.length }, (_, i) => `person${i}`.padEnd(16, 'x'));
    const colors = new Set(authorColors(ids).values());
    expect(colors.size).toBe(palette.length);
    for (const color of colors) expect(palette).toContain(color);
  });
});
