import type { Assignment } from '../../../shared/schemas/courses';
import { fromLocalInput } from '../assignments/due-time';

/** Where the picker's form posts the pick: a navigation, whose answer carries the link on to the LMS. */
export const pickAction = (requestId: string) => `/lti/deep-link/${encodeURIComponent(requestId)}`;

/**
 * The assignments to place, as the picker lists them: those still due
 * first, soonest first (what an instructor places in a module is most often
 * what comes next), then those past, latest first.
 */
export function placeableAssignments(assignments: readonly Assignment[], now: number): Assignment[] {
  const ahead = assignments.filter((a) => a.dueAt > now).sort((a, b) => a.dueAt - b.dueAt);
  const past = assignments.filter((a) => a.dueAt <= now).sort((a, b) => b.dueAt - a.dueAt);
  return [...ahead, ...past];
}

export interface NewAssignmentDraft {
  title: string;
  /** The due time as a datetime-local input holds it, on the instructor's clock. */
  due: string;
}

/** What is wrong with a new assignment before it is sent, by field; the server checks again. */
export function draftProblems(draft: NewAssignmentDraft, now: number): { title?: string; dueAt?: string } {
  const problems: { title?: string; dueAt?: string } = {};
  if (!draft.title.trim()) problems.title = 'Give the assignment a title.';
  const due = fromLocalInput(draft.due);
  if (!due) problems.dueAt = 'Pick the day and time it is due.';
  else if (Date.parse(due) <= now) problems.dueAt = 'That time has passed: pick a due time ahead.';
  return problems;
}
