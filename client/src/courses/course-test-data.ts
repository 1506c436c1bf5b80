import type { TeamWithMembers } from '../../../shared/schemas/courses';
import type { Member } from '../../../shared/schemas/groups';
import type { RosterReport, RosterRowReport } from '../../../shared/schemas/roster';

/** What the server holds of a course, for the course view's tests. */
export const courseId = 'cccccccccccccccc';

export const user = (letter: string, name: string) => ({ id: letter.repeat(16), name, email: `${name.toLowerCase().split(' ')[0]}@example.edu` });

export const ada = user('a', 'Ada Lovelace');
export const ben = user('b', 'Ben Okafor');
export const cleo = user('d', 'Cleo Marsh');
export const ines = user('i', 'Ines Instructor');

export const member = (who: ReturnType<typeof user>, role: Member['role'] = 'member'): Member => ({ user: who, role, joinedAt: 1, readsPrivateFeedback: role !== 'member' });

export const roster: Member[] = [member(ines, 'instructor'), member(ada), member(ben), member(cleo)];

export const team = (letter: string, name: string, learners: ReturnType<typeof user>[]): TeamWithMembers => ({
  id: letter.repeat(16),
  name,
  parentId: courseId,
  members: learners.map((learner) => ({ user: learner, role: 'member' })),
});

export function rosterRow(line: number, row: Partial<RosterRowReport>): RosterRowReport {
  return { line, name: 'Ada Lovelace', email: 'ada@example.edu', team: 'Team 1', status: 'ok', action: 'add', user: null, messages: [], ...row };
}

export function rosterReportOf(rows: RosterRowReport[], extra: Partial<RosterReport> = {}): RosterReport {
  const errors = rows.filter((row) => row.status === 'error').length;
  return {
    applied: false,
    ready: errors === 0,
    columns: { name: 'name', email: 'email', team: 'team', attributes: [] },
    notes: [],
    problems: [],
    rows,
    teams: [{ name: 'Team 1', teamId: null, rows: rows.length }],
    summary: {
      rows: rows.length,
      learnersAdded: rows.filter((row) => row.action === 'add').length,
      alreadyMembers: 0,
      invited: rows.filter((row) => row.action === 'invite').length,
      teamsCreated: 1,
      placed: rows.length,
      warnings: rows.filter((row) => row.status === 'warning').length,
      errors,
    },
    ...extra,
  };
}
