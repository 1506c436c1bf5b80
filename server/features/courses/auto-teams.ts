import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AutoTeamsResponse } from '../../../shared/schemas/roster';
import { formTeams, teamNames } from '../../../shared/team-forming';
import type { DatabaseKind } from '../../db/database';
import type { Database } from '../../db/schema';
import { badRequest, conflict } from '../../errors';
import { learnerPlaces, lockCourse, requireCourse } from './team-members';
import type { Teams } from './teams';

export interface AutoTeamsRequest {
  size: number;
  balanceBy?: string | undefined;
  seed?: number | undefined;
  confirm: boolean;
}

interface Learner {
  id: string;
  email: string;
  name: string;
  value: string;
}

/**
 * Forming teams automatically from the course's learners who are in no team
 * yet; teams already made keep their members. The proposal is worked out
 * from a seed (shared/team-forming.ts): a preview shows it and returns its
 * seed, and confirming with that seed makes the same teams, worked out again
 * inside the transaction that makes them (a learner who joined a team in
 * between is not placed twice).
 */
export class AutoTeams {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly teams: Teams,
  ) {}

  async form(courseId: string, by: string, request: AutoTeamsRequest): Promise<AutoTeamsResponse> {
    const seed = request.seed ?? randomInt(2 ** 32 - 1);
    if (!request.confirm) {
      requireCourse(await this.teams.course(courseId));
      return this.#propose(this.db, courseId, { ...request, seed });
    }
    return this.teams.transaction(async (within) => {
      requireCourse(await lockCourse(within.trx, this.kind, courseId));
      const proposal = await this.#propose(within.trx, courseId, { ...request, seed });
      if (proposal.teams.length === 0) throw conflict('Every learner of the course is in a team already; there is no one to place.');
      for (const team of proposal.teams) {
        const made = await this.teams.create(courseId, by, { name: team.name, memberIds: team.members.map((m) => m.user.id) }, within);
        team.teamId = made.id;
      }
      return { ...proposal, applied: true };
    });
  }

  async #propose(db: Kysely<Database>, courseId: string, request: AutoTeamsRequest & { seed: number }): Promise<AutoTeamsResponse> {
    const entries = await db.selectFrom('roster_entries').select(['email', 'attributes']).where('course_id', '=', courseId).execute();
    const attributes = new Map(entries.map((e) => [e.email, JSON.parse(e.attributes) as Record<string, string>]));
    const balanceColumns = [...new Set([...attributes.values()].flatMap((a) => Object.keys(a)))].sort((a, b) => a.localeCompare(b));
    let column: string | null = null;
    if (request.balanceBy !== undefined) {
      const wanted = request.balanceBy.toLowerCase();
      column = balanceColumns.find((c) => c.toLowerCase() === wanted) ?? null;
      if (column === null) {
        const known = balanceColumns.length ? `the roster has ${balanceColumns.map((c) => `"${c}"`).join(', ')}` : 'no roster with other columns was imported';
        throw badRequest(`No roster column is named "${request.balanceBy}": ${known}.`, { balanceBy: 'Not a column of the roster' });
      }
    }

    const placed = learnerPlaces(db, courseId).select('memberships.user_id');
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'users.name'])
      .where('memberships.group_id', '=', courseId)
      .where('memberships.role', '=', 'member')
      .where('memberships.user_id', 'not in', placed)
      .execute();
    const learners: Learner[] = rows.map((row) => ({ ...row, value: column === null ? '' : (attributes.get(row.email)?.[column] ?? '') }));
    const formed = formTeams(learners, { size: request.size, seed: request.seed, ...(column === null ? {} : { valueFor: (l: Learner) => l.value }) });
    const taken = await db.selectFrom('groups').select('name').where('parent_id', '=', courseId).execute();
    const names = teamNames(formed.length, taken.map((t) => t.name));
    const { count } = await db
      .selectFrom('email_invites')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('group_id', '=', courseId)
      .where('role', '=', 'member')
      .executeTakeFirstOrThrow();

    return {
      applied: false,
      seed: request.seed,
      size: request.size,
      balanceBy: column,
      teams: formed.map((members, index) => ({
        name: names[index]!,
        teamId: null,
        members: members.map(({ value, ...user }) => ({ user, value: column === null ? null : value })),
      })),
      balanceColumns,
      waitingInvites: Number(count),
    };
  }
}
