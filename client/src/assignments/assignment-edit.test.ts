import { describe, expect, it } from 'vitest';
import type { Assignment } from '../../../shared/schemas/courses';
import { fromLocalInput, toLocalInput } from './due-time';
import { changesOf } from './set-assignment-form';

const before: Assignment = {
  id: 'assignxxxxxxxxxx',
  courseId: 'coursexxxxxxxxxx',
  title: 'Lab report',
  instructions: 'Write it up.',
  hasTemplate: true,
  opensAt: Date.parse('2026-12-01T09:00:00Z'),
  // Seconds past the minute: the form shows minutes only.
  dueAt: Date.parse('2026-12-04T16:00:30Z'),
  lockAtDue: true,
  revision: 3,
  createdAt: Date.parse('2026-12-01T08:00:00Z'),
};
/** The form's times as the instructor's datetime-local fields give them back. */
const asForm = (at: number) => fromLocalInput(toLocalInput(at))!;

describe('an edit of an assignment', () => {
  it('sends only what changed, with the revision it started from', () => {
    const untouched = { title: 'Lab report', instructions: 'Write it up.', dueAt: asForm(before.dueAt), opensAt: asForm(before.opensAt), lockAtDue: true };
    expect(changesOf(before, untouched)).toEqual({ revision: 3 });
    const later = fromLocalInput(toLocalInput(before.dueAt + 24 * 60 * 60 * 1000))!;
    expect(changesOf(before, { ...untouched, title: 'Lab report 1', dueAt: later, lockAtDue: false })).toEqual({
      revision: 3,
      title: 'Lab report 1',
      dueAt: later,
      lockAtDue: false,
    });
  });
});
