import { describe, expect, it } from 'vitest';
import type { ClassViewTeam } from '../../../shared/schemas/class-view';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import { classRows, statusCounts } from './class-view-rows';

const due = Date.parse('2026-12-03T16:00:00Z');

function team(name: string, status: AssignmentStatus, words: number, lastActivity: number | null, needsAttention: ClassViewTeam['needsAttention'] = []): ClassViewTeam {
  const id = name.toLowerCase().replace(/\W/g, '').padEnd(16, 'x');
  return {
    team: { id, name, parentId: 'coursecoursecour' },
    docId: `doc${id}`.slice(0, 16),
    status,
    dueAt: due,
    submittedAt: status === 'submitted' ? due - 1000 : null,
    words,
    membersCharacters: words * 5,
    lastActivity,
    members: [],
    unansweredThreads: 0,
    needsAttention,
  };
}

const teams = [
  team('Team 10', 'submitted', 900, due - 5_000),
  team('Team 2', 'in-progress', 300, due - 1_000, ['quiet-members']),
  team('Team 1', 'not-started', 40, null, ['not-started']),
  team('Team 3', 'locked', 120, due - 90_000, ['overdue', 'small-share']),
  team('Team 4', 'in-progress', 300, due - 2_000),
];
const names = (rows: ClassViewTeam[]) => rows.map((row) => row.team.name);
const all = { status: 'all', needsAttention: false } as const;

describe('the class view’s rows', () => {
  it('by status puts the teams that may need help first, done last; ties by name, numbers in order', () => {
    expect(names(classRows(teams, 'status', all))).toEqual(['Team 3', 'Team 1', 'Team 2', 'Team 4', 'Team 10']);
  });

  it('by last activity puts the most recent first and teams without activity last', () => {
    expect(names(classRows(teams, 'last-activity', all))).toEqual(['Team 2', 'Team 4', 'Team 10', 'Team 3', 'Team 1']);
  });

  it('by words puts the longest first, equal ones by name', () => {
    expect(names(classRows(teams, 'words', all))).toEqual(['Team 10', 'Team 2', 'Team 4', 'Team 3', 'Team 1']);
  });

  it('by team name counts numbers as numbers', () => {
    expect(names(classRows(teams, 'team', all))).toEqual(['Team 1', 'Team 2', 'Team 3', 'Team 4', 'Team 10']);
  });

  it('filters by status and by needing attention, together', () => {
    expect(names(classRows(teams, 'team', { status: 'in-progress', needsAttention: false }))).toEqual(['Team 2', 'Team 4']);
    expect(names(classRows(teams, 'team', { status: 'all', needsAttention: true }))).toEqual(['Team 1', 'Team 2', 'Team 3']);
    expect(names(classRows(teams, 'team', { status: 'in-progress', needsAttention: true }))).toEqual(['Team 2']);
    expect(classRows(teams, 'team', { status: 'late', needsAttention: false })).toEqual([]);
  });

  it('leaves the answer as it was and counts each status', () => {
    const before = names(teams);
    classRows(teams, 'words', all);
    expect(names(teams)).toEqual(before);
    expect(statusCounts(teams)).toEqual({ 'not-started': 1, 'in-progress': 2, submitted: 1, late: 0, locked: 1 });
  });
});
