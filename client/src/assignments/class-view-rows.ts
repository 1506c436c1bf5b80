import type { AttentionReason, ClassViewTeam } from '../../../shared/schemas/class-view';
import type { AssignmentStatus } from '../../../shared/schemas/courses';

/** How the class view orders its rows. */
export type ClassSort = 'status' | 'last-activity' | 'words' | 'team';
export const classSorts: readonly { value: ClassSort; label: string }[] = [
  { value: 'status', label: 'Status' },
  { value: 'last-activity', label: 'Last activity' },
  { value: 'words', label: 'Words' },
  { value: 'team', label: 'Team name' },
];

/** Which rows the class view shows: one status or all, and only those needing attention or all. */
export interface ClassFilter {
  status: AssignmentStatus | 'all';
  needsAttention: boolean;
}

/**
 * Statuses in the order an instructor acts on them: the teams who may need
 * help first (locked out, late, not started), those done last.
 */
const statusOrder: Record<AssignmentStatus, number> = { locked: 0, late: 1, 'not-started': 2, 'in-progress': 3, submitted: 4 };

const byName = (a: ClassViewTeam, b: ClassViewTeam) => a.team.name.localeCompare(b.team.name, undefined, { numeric: true });

/**
 * The rows to show, in order. Every sort ends on the team's name, so the
 * order is the same on every load; no activity sorts after any activity.
 */
export function classRows(teams: readonly ClassViewTeam[], sort: ClassSort, filter: ClassFilter): ClassViewTeam[] {
  const shown = teams.filter(
    (row) => (filter.status === 'all' || row.status === filter.status) && (!filter.needsAttention || row.needsAttention.length > 0),
  );
  const compare: Record<ClassSort, (a: ClassViewTeam, b: ClassViewTeam) => number> = {
    status: (a, b) => statusOrder[a.status] - statusOrder[b.status] || b.needsAttention.length - a.needsAttention.length,
    'last-activity': (a, b) => (b.lastActivity ?? -Infinity) - (a.lastActivity ?? -Infinity),
    words: (a, b) => b.words - a.words,
    team: () => 0,
  };
  return [...shown].sort((a, b) => compare[sort](a, b) || byName(a, b));
}

/** How many teams hold each status, for the filter's labels. */
export function statusCounts(teams: readonly ClassViewTeam[]): Record<AssignmentStatus, number> {
  const counts: Record<AssignmentStatus, number> = { 'not-started': 0, 'in-progress': 0, submitted: 0, late: 0, locked: 0 };
  for (const row of teams) counts[row.status] += 1;
  return counts;
}

/** Each reason for attention in words, as the row says it. */
export const attentionText: Record<AttentionReason, string> = {
  'dominant-member': 'One member wrote most of it',
  'small-share': 'A member wrote little',
  'quiet-members': 'Quiet members',
  'unanswered-threads': 'Unanswered threads',
  'not-started': 'Nothing written, due soon',
  overdue: 'Past due, not submitted',
};

export const statusText: Record<AssignmentStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  submitted: 'Submitted',
  late: 'Late',
  locked: 'Locked',
};
