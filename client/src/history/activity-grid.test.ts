import { describe, expect, it } from 'vitest';
import { activityGrid, addDays } from './activity-grid';

const ada = 'adaadaadaadaadaa';
const bob = 'bobbobbobbobbobb';
const day = (date: string, userId: string, edits: number, inserted = edits, deleted = 0) => ({ date, userId, edits, inserted, deleted });

describe('activityGrid', () => {
  it('fills quiet days so the grid is continuous, with a cell per member and day', () => {
    const grid = activityGrid([day('2025-02-27', ada, 4), day('2025-03-02', bob, 8)], [ada, bob]);
    // Across a month end (February has 28 days in 2025).
    expect(grid.dates).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
    expect(grid.rows.map((row) => row.cells.map((cell) => cell.edits))).toEqual([
      [4, 0, 0, 0],
      [0, 0, 0, 8],
    ]);
    expect(grid.rows.map((row) => row.edits)).toEqual([4, 8]);
  });

  it('adds up buckets of several documents for the same day and member', () => {
    const grid = activityGrid([day('2025-01-01', ada, 2, 10, 1), day('2025-01-01', ada, 3, 5, 4)], [ada]);
    expect(grid.rows[0]?.cells[0]).toMatchObject({ edits: 5, inserted: 15, deleted: 5, level: 4 });
  });

  it('shades in quartiles of the busiest cell; no edits is level 0', () => {
    const grid = activityGrid([day('2025-01-01', ada, 100), day('2025-01-02', ada, 1), day('2025-01-03', ada, 50), day('2025-01-04', ada, 76)], [ada, bob]);
    expect(grid.rows[0]?.cells.map((cell) => cell.level)).toEqual([4, 1, 2, 4]);
    expect(grid.rows[1]?.cells.map((cell) => cell.level)).toEqual([0, 0, 0, 0]);
    expect(grid.max).toBe(100);
  });

  it('keeps the last days when the history is longer than the grid', () => {
    const grid = activityGrid([day('2025-01-01', ada, 1), day('2025-03-01', ada, 1)], [ada], 10);
    expect(grid.dates).toHaveLength(10);
    expect(grid.dates.at(-1)).toBe('2025-03-01');
    expect(grid.dates[0]).toBe(addDays('2025-03-01', -9));
  });

  it('is empty without activity', () => {
    expect(activityGrid([], [ada])).toEqual({ dates: [], rows: [{ userId: ada, cells: [], edits: 0 }], max: 0 });
  });
});
