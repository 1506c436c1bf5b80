import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoTeamsResponse } from '../../../shared/schemas/roster';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';

describe('POST /api/groups/:courseId/teams/auto', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const db = () => server.domain.store.db;

  /**
   * A course of `count` learners brought in by a roster whose Section
   * column holds A for the first half and B for the rest.
   */
  async function course(count: number) {
    const instructor = await server.createUser('Iris Instructor');
    const learners: TestUser[] = [];
    for (let i = 0; i < count; i += 1) learners.push(await server.createUser(`Learner ${i}`));
    const { groupId: courseId } = await createTestDoc(server, [{ member: instructor, role: 'instructor' }]);
    const csv = ['email,section', ...learners.map((l, i) => `${l.user.email},${i < count / 2 ? 'A' : 'B'}`)].join('\n');
    const imported = await fetch(`${server.url}/api/groups/${courseId}/roster?confirm=true`, {
      method: 'POST',
      headers: { cookie: instructor.cookie, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    const section = new Map(learners.map((l, i) => [l.user.id, i < count / 2 ? 'A' : 'B']));
    return { courseId, instructor, learners, section };
  }

  const form = (courseId: string, as: TestUser, body: object) =>
    server.api<AutoTeamsResponse>('POST', `/api/groups/${courseId}/teams/auto`, { as, body });

  async function teamsOf(courseId: string) {
    const teams = await db().selectFrom('groups').select(['id', 'name']).where('parent_id', '=', courseId).orderBy('name').execute();
    const members = await db()
      .selectFrom('memberships')
      .select(['group_id', 'user_id', 'role'])
      .where('group_id', 'in', teams.length ? teams.map((t) => t.id) : ['none'])
      .execute();
    return teams.map((team) => ({
      ...team,
      learners: members.filter((m) => m.group_id === team.id && m.role === 'member').map((m) => m.user_id).sort(),
      instructors: members.filter((m) => m.group_id === team.id && m.role === 'instructor').map((m) => m.user_id),
    }));
  }

  it('proposes teams without making them, then makes exactly those when confirmed with the seed', async () => {
    const { courseId, instructor, learners } = await course(23);
    const preview = await form(courseId, instructor, { size: 5 });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, size: 5, balanceBy: null, balanceColumns: ['section'], waitingInvites: 0 });
    expect(preview.body.teams.map((t) => [t.name, t.members.length, t.teamId])).toEqual([
      ['Team 1', 5, null],
      ['Team 2', 5, null],
      ['Team 3', 5, null],
      ['Team 4', 4, null],
      ['Team 5', 4, null],
    ]);
    expect(preview.body.teams.flatMap((t) => t.members.map((m) => m.user.id)).sort()).toEqual(learners.map((l) => l.user.id).sort());
    expect(await teamsOf(courseId)).toEqual([]);

    // The same seed proposes the same teams again; confirming makes them.
    const again = await form(courseId, instructor, { size: 5, seed: preview.body.seed });
    expect(again.body.teams).toEqual(preview.body.teams);
    const made = await form(courseId, instructor, { size: 5, seed: preview.body.seed, confirm: true });
    expect(made.status).toBe(200);
    expect(made.body.applied).toBe(true);
    const teams = await teamsOf(courseId);
    expect(teams.map((t) => t.learners)).toEqual(preview.body.teams.map((t) => t.members.map((m) => m.user.id).sort()));
    expect(made.body.teams.map((t) => t.teamId)).toEqual(teams.map((t) => t.id));
    for (const team of teams) expect(team.instructors).toEqual([instructor.user.id]);

    // Everyone is placed: nothing left to propose, and confirming is refused.
    expect((await form(courseId, instructor, { size: 5 })).body.teams).toEqual([]);
    expect((await form(courseId, instructor, { size: 5, confirm: true })).status).toBe(409);
  });

  it('places only learners in no team, next to the teams that exist, and spreads a roster column', async () => {
    const { courseId, instructor, learners, section } = await course(16);
    // Two learners are in a team by hand already; it stays as it is.
    const byHand = await server.domain.teams.create(courseId, instructor.user.id, { name: 'Team 1', memberIds: [learners[0]!.user.id, learners[15]!.user.id] });
    const made = await form(courseId, instructor, { size: 4, balanceBy: 'SECTION', seed: 7, confirm: true });
    expect(made.status).toBe(200);
    expect(made.body.balanceBy).toBe('section');
    // 14 learners in teams of at most 4: 4, 4, 3, 3, named around the existing "Team 1".
    expect(made.body.teams.map((t) => [t.name, t.members.length])).toEqual([
      ['Team 2', 4],
      ['Team 3', 4],
      ['Team 4', 3],
      ['Team 5', 3],
    ]);
    // Seven of each section are left: every team gets one or two of each.
    for (const team of made.body.teams) {
      expect(team.members.every((m) => m.value === section.get(m.user.id))).toBe(true);
      for (const value of ['A', 'B']) expect([1, 2]).toContain(team.members.filter((m) => m.value === value).length);
    }
    const teams = await teamsOf(courseId);
    expect(teams.find((t) => t.id === byHand.id)!.learners).toEqual([learners[0]!.user.id, learners[15]!.user.id].sort());
    expect(teams.flatMap((t) => t.learners).sort()).toEqual(learners.map((l) => l.user.id).sort());
  });

  it('refuses a column the roster lacks, a size out of range, and a learner', async () => {
    const { courseId, instructor, learners } = await course(4);
    const unknown = await form(courseId, instructor, { size: 2, balanceBy: 'gender' });
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as { error: { message: string } }).error.message).toContain('the roster has "section"');
    expect((await form(courseId, instructor, { size: 1 })).status).toBe(400);
    expect((await form(courseId, learners[0]!, { size: 2, confirm: true })).status).toBe(403);
    expect(await teamsOf(courseId)).toEqual([]);
  });
});
