import type { ActivityDay } from '../../../shared/schemas/history';

/** One cell of the day x member heatmap. */
export interface ActivityCell {
  date: string;
  userId: string;
  edits: number;
  inserted: number;
  deleted: number;
  /** 0 (nothing) to 4 (the busiest cell of the grid). */
  level: 0 | 1 | 2 | 3 | 4;
}

export interface ActivityGrid {
  /** Every day from the first to the last day with edits (the last `maxDays` of them), oldest first. */
  dates: string[];
  /** One row per user, in the order given, each with a cell per date. */
  rows: { userId: string; cells: ActivityCell[]; edits: number }[];
  /** The most edits in one cell. */
  max: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` plus `days`, in calendar days (computed in UTC, so no time zone shifts it). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * Shapes activity buckets (several documents' buckets for the same day and
 * user add up) into a continuous grid of days x users: quiet days stay in
 * it, so that the eye reads gaps as time. Levels are quartiles of the
 * busiest cell, as GitHub's contribution graph draws them.
 */
export function activityGrid(days: readonly Omit<ActivityDay, never>[], userIds: readonly string[], maxDays = 60): ActivityGrid {
  const totals = new Map<string, { edits: number; inserted: number; deleted: number }>();
  let first: string | null = null;
  let last: string | null = null;
  for (const day of days) {
    const key = `${day.date} ${day.userId}`;
    const total = totals.get(key) ?? { edits: 0, inserted: 0, deleted: 0 };
    total.edits += day.edits;
    total.inserted += day.inserted;
    total.deleted += day.deleted;
    totals.set(key, total);
    if (first === null || day.date < first) first = day.date;
    if (last === null || day.date > last) last = day.date;
  }
  const dates: string[] = [];
  if (first !== null && last !== null) {
    for (let date = last; date >= first && dates.length < maxDays; date = addDays(date, -1)) dates.unshift(date);
  }
  let max = 0;
  for (const total of totals.values()) max = Math.max(max, total.edits);
  const rows = userIds.map((userId) => {
    const cells = dates.map((date): ActivityCell => {
      const total = totals.get(`${date} ${userId}`) ?? { edits: 0, inserted: 0, deleted: 0 };
      return { date, userId, ...total, level: levelOf(total.edits, max) };
    });
    return { userId, cells, edits: cells.reduce((sum, cell) => sum + cell.edits, 0) };
  });
  return { dates, rows, max };
}

function levelOf(edits: number, max: number): ActivityCell['level'] {
  if (edits <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((edits / max) * 4))) as ActivityCell['level'];
}
