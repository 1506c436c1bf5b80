import type { TeamWithMembers } from '../../../shared/schemas/courses';
import type { Member } from '../../../shared/schemas/groups';
import type { User } from '../../../shared/schemas/auth';

/**
 * Where each learner of a course stands: in which team, or in none. A
 * learner is a course member with the member role; instructors and
 * reviewers of the course are in every team already and are not placed.
 */
export interface CoursePlaces {
  learners: User[];
  /** Learners in no team, by name. */
  unassigned: User[];
  /** The team each placed learner is in, by user id. */
  teamOf: Map<string, TeamWithMembers>;
}

const byName = (a: User, b: User) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email);

export function placeLearners(teams: readonly TeamWithMembers[], roster: readonly Member[]): CoursePlaces {
  const teamOf = new Map<string, TeamWithMembers>();
  for (const team of teams) for (const member of team.members) teamOf.set(member.user.id, team);
  const learners = roster.filter((member) => member.role === 'member').map((member) => member.user).sort(byName);
  return { learners, unassigned: learners.filter((learner) => !teamOf.has(learner.id)), teamOf };
}

/** A team's learners by name (a team lists only its own members: the course's instructors are in every team). */
export function learnersOf(team: TeamWithMembers): User[] {
  return team.members.filter((member) => member.role === 'member').map((member) => member.user).sort(byName);
}

/** Teams first by name as people read numbers in them: "Team 2" before "Team 10". */
export function sortTeams(teams: readonly TeamWithMembers[]): TeamWithMembers[] {
  return [...teams].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }));
}

/** Teams a learner may still join under a size cap: fewer learners than the cap. */
export function teamsWithRoom(teams: readonly TeamWithMembers[], cap: number): TeamWithMembers[] {
  return sortTeams(teams).filter((team) => learnersOf(team).length < cap);
}
