// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityHeatmap, labelledColumns, labelWidth } from './activity-heatmap';

/**
 * The heatmap's day labels are whole: the last one, which starts at the
 * last column, has room past it ("Dec 1", not "Dec"), and labels never
 * crowd each other.
 */
describe('the heatmap’s day labels', () => {
  afterEach(cleanup);
  const ana = { id: 'anaanaanaanaanaa', email: 'ana@example.test', name: 'Ana' };
  const label = (date: string) => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

  it('shows a single day’s label whole, with room for it in the chart', () => {
    const { container } = render(<ActivityHeatmap days={[{ date: '2026-12-01', userId: ana.id, edits: 3, inserted: 40, deleted: 0 }]} users={[ana]} />);
    const svg = container.querySelector('svg')!;
    const labels = [...container.querySelectorAll('text.heatmap-date')];
    expect(labels.map((text) => text.textContent)).toEqual([label('2026-12-01')]);
    // "Dec 31" in the 12px label font needs about 40px.
    expect(labelWidth).toBeGreaterThanOrEqual(40);
    expect(Number(svg.getAttribute('width')) - Number(labels[0]!.getAttribute('x'))).toBeGreaterThanOrEqual(labelWidth);
  });

  it('labels every seventh day and the last, the last taking the place of one too near it', () => {
    expect(labelledColumns(1)).toEqual([0]);
    expect(labelledColumns(3)).toEqual([0]);
    expect(labelledColumns(9)).toEqual([0, 8]);
    expect(labelledColumns(15)).toEqual([0, 7, 14]);
    expect(labelledColumns(20)).toEqual([0, 7, 14, 19]);
    expect(labelledColumns(16)).toEqual([0, 7, 15]);
  });
});
