import { describe, expect, it } from 'vitest';
import type { EditRecord } from '../../sync/edit-tally';
import { foldEdits } from './ledger';

const minute = 60_000;
const edit = (at: number, inserted = 1, deleted = 0): EditRecord => ({ userId: 'u', at, inserted, words: 0, pasted: 0, pastes: 0, deleted });

describe('foldEdits', () => {
  it('counts sessions split by the gap and the distinct minutes with an edit, in any order of arrival', () => {
    const gap = 10 * minute;
    const start = 100 * minute;
    const edits = [edit(start), edit(start + 30_000), edit(start + minute + 1_000, 0, 4), edit(start + 13 * minute, 5)];
    const totals = foldEdits(null, edits, gap);
    expect(totals).toEqual({
      inserted: 7,
      words: 0,
      pasted: 0,
      pastes: 0,
      deleted: 4,
      edits: 4,
      sessions: 2,
      activeMinutes: 3,
      firstAt: start,
      lastAt: start + 13 * minute,
    });
    // Folding in two batches gives the same as one.
    expect(foldEdits(foldEdits(null, edits.slice(0, 2), gap), edits.slice(2).reverse(), gap)).toEqual(totals);
    // An edit exactly one gap after the last continues the session.
    expect(foldEdits(totals, [edit(start + 23 * minute)], gap)).toMatchObject({ sessions: 2, activeMinutes: 4 });
  });
});
