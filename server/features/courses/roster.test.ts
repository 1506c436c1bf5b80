import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterRefusal, RosterReport } from '../../../shared/schemas/roster';
import { newId } from '../../db/ids';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';

describe('POST /api/groups/:courseId/roster', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const db = () => server.domain.store.db;

  /** A course with an instructor and a learner, and the learner's account. */
  async function course() {
    const [instructor, learner] = await server.createUsers('Iris Instructor', 'Lea Learner');
    const { groupId: courseId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member: learner, role: 'member' },
    ]);
    return { courseId, instructor, learner };
  }

  async function post(courseId: string, body: string | Uint8Array<ArrayBuffer>, as: TestUser, confirm = false) {
    const response = await fetch(`${server.url}/api/groups/${courseId}/roster${confirm ? '?confirm=true' : ''}`, {
      method: 'POST',
      headers: { cookie: as.cookie, 'content-type': 'text/csv' },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  /** Everything an import may change in the course, to compare before and after. */
  async function state(courseId: string) {
    const teams = await db().selectFrom('groups').select(['id', 'name']).where('parent_id', '=', courseId).orderBy('name').execute();
    const groupIds = [courseId, ...teams.map((t) => t.id)];
    const memberships = await db()
      .selectFrom('memberships')
      .select(['group_id', 'user_id', 'role'])
      .where('group_id', 'in', groupIds)
      .orderBy('group_id')
      .orderBy('user_id')
      .execute();
    const invites = await db().selectFrom('email_invites').select(['email', 'role']).where('group_id', '=', courseId).orderBy('email').execute();
    const entries = await db().selectFrom('roster_entries').select(['email', 'attributes']).where('course_id', '=', courseId).orderBy('email').execute();
    return { teams, memberships, invites, entries };
  }

  const teamOf = async (courseId: string, userId: string) =>
    (
      await db()
        .selectFrom('memberships')
        .innerJoin('groups', 'groups.id', 'memberships.group_id')
        .select('groups.name')
        .where('groups.parent_id', '=', courseId)
        .where('memberships.user_id', '=', userId)
        .where('memberships.role', '=', 'member')
        .execute()
    ).map((t) => t.name);

  it('previews without changing anything, then applies the same report when confirmed', async () => {
    const { courseId, instructor, learner } = await course();
    const newcomer = await server.createUser('Nia Newcomer');
    const invited = `invited-${newId()}@example.test`;
    const csv = [
      'Email,Name,Team,Section',
      `${learner.user.email},Lea Learner,Red,A`,
      `${newcomer.user.email.toUpperCase()},Nia Newcomer, red ,B`,
      `${invited},Ivo Invited,Blue,A`,
      `${instructor.user.email},Iris,Blue,A`,
    ].join('\r\n');

    const before = await state(courseId);
    const preview = await post(courseId, csv, instructor);
    expect(preview.status).toBe(200);
    const report = preview.body as RosterReport;
    expect(report).toMatchObject({ applied: false, ready: true, problems: [] });
    expect(report.columns).toEqual({ name: 'Name', email: 'Email', team: 'Team', attributes: ['Section'] });
    expect(report.notes).toEqual([expect.stringContaining('"Section" is kept')]);
    expect(report.rows.map((r) => [r.line, r.status, r.action])).toEqual([
      [2, 'ok', 'already-member'],
      [3, 'ok', 'add'],
      [4, 'ok', 'invite'],
      [5, 'warning', 'skip'],
    ]);
    expect(report.rows[1]!.email).toBe(newcomer.user.email);
    expect(report.rows[2]!.messages).toEqual([expect.stringContaining('joins the course and team "Blue" at sign-up')]);
    expect(report.rows[3]!.messages).toEqual([expect.stringContaining('an instructor of the course')]);
    expect(report.teams).toEqual([
      { name: 'Red', teamId: null, rows: 2 },
      { name: 'Blue', teamId: null, rows: 1 },
    ]);
    expect(report.summary).toEqual({ rows: 4, learnersAdded: 1, alreadyMembers: 1, invited: 1, teamsCreated: 2, placed: 2, warnings: 1, errors: 0 });
    expect(await state(courseId)).toEqual(before);

    const applied = await post(courseId, csv, instructor, true);
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ ...report, applied: true });

    const after = await state(courseId);
    expect(after.teams.map((t) => t.name)).toEqual(['Blue', 'Red']);
    expect(await teamOf(courseId, learner.user.id)).toEqual(['Red']);
    expect(await teamOf(courseId, newcomer.user.id)).toEqual(['Red']);
    expect(after.memberships).toContainEqual({ group_id: courseId, user_id: newcomer.user.id, role: 'member' });
    // The course's instructor is an instructor of each new team, and in no team as a learner.
    for (const team of after.teams) expect(after.memberships).toContainEqual({ group_id: team.id, user_id: instructor.user.id, role: 'instructor' });
    expect(after.invites).toEqual([{ email: invited, role: 'member' }]);
    expect(after.entries.map((e) => [e.email, JSON.parse(e.attributes)])).toEqual(
      [
        [learner.user.email, { Section: 'A' }],
        [newcomer.user.email, { Section: 'B' }],
        [invited, { Section: 'A' }],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );

    // The invited address signs up: it joins the course and the team its row named.
    const signup = await server.api('POST', '/api/auth/signup', { body: { email: invited, password: 'correct horse battery', name: 'Ivo Invited' } });
    expect(signup.status).toBe(201);
    expect(await teamOf(courseId, signup.body.user.id)).toEqual(['Blue']);
    expect((await state(courseId)).entries.length).toBe(3);

    // Importing again changes nothing more: everyone is where the roster says.
    const again = await post(courseId, csv, instructor);
    expect(again.body.summary).toMatchObject({ learnersAdded: 0, alreadyMembers: 3, invited: 0, teamsCreated: 0, placed: 0 });
    expect(again.body.rows[2].messages).toEqual([expect.stringContaining('Already in team "Blue"')]);
  });

  it('makes each team once when the same roster is confirmed twice at once', async () => {
    const { courseId, instructor, learner } = await course();
    const csv = `email,team\n${learner.user.email},Red\nq-${newId()}@example.test,Blue\n`;
    const [a, b] = await Promise.all([post(courseId, csv, instructor, true), post(courseId, csv, instructor, true)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // One of them made the teams; the other found them made.
    expect([a.body.summary.teamsCreated, b.body.summary.teamsCreated].sort()).toEqual([0, 2]);
    expect((await state(courseId)).teams.map((t) => t.name)).toEqual(['Blue', 'Red']);
    expect(await teamOf(courseId, learner.user.id)).toEqual(['Red']);
  });

  it('moves a learner to the team the roster names, saying so', async () => {
    const { courseId, instructor, learner } = await course();
    await post(courseId, `email,team\n${learner.user.email},Red\n`, instructor, true);
    const move = await post(courseId, `email,team\n${learner.user.email},Green\n`, instructor, true);
    expect(move.body.rows[0]).toMatchObject({ status: 'warning', messages: [expect.stringContaining('Moves from team "Red" to team "Green"')] });
    expect(await teamOf(courseId, learner.user.id)).toEqual(['Green']);
  });

  it('reports duplicates, a learner in two teams and bad rows, and refuses to apply any of it', async () => {
    const { courseId, instructor, learner } = await course();
    const other = await server.createUser('Otto Other');
    const csv = [
      'name,email,team,notes',
      `Lea,${learner.user.email},Red,x`,
      `Otto,${other.user.email},Red`,
      `Otto again,${other.user.email},Red,y`,
      `Lea again,${learner.user.email},Blue,z`,
      'Nobody,,Red,',
      'Bad,not-an-email,Red,',
      `Wide,w-${newId()}@example.test,Red,a,b`,
    ].join('\n');
    const before = await state(courseId);
    const preview = await post(courseId, csv, instructor);
    expect(preview.status).toBe(200);
    const report = preview.body as RosterReport;
    expect(report.ready).toBe(false);
    expect(report.rows.map((r) => [r.line, r.status, r.messages[0]])).toEqual([
      [2, 'error', expect.stringContaining('line 5 in team "Blue"')],
      [3, 'warning', expect.stringContaining('3 fields where the header has 4')],
      [4, 'warning', expect.stringContaining('Repeats line 3')],
      [5, 'error', expect.stringContaining('line 2 in team "Red"')],
      [6, 'error', expect.stringContaining('No email')],
      [7, 'error', expect.stringContaining('not a valid email')],
      [8, 'error', expect.stringContaining('5 fields where the header has 4')],
    ]);
    expect(report.summary.errors).toBe(5);

    const refused = await post(courseId, csv, instructor, true);
    expect(refused.status).toBe(400);
    const body = refused.body as RosterRefusal;
    expect(body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('Nothing was imported') });
    expect(body.report).toEqual(report);
    expect(await state(courseId)).toEqual(before);
  });

  it('reports a file that is not UTF-8 with its line and byte, and changes nothing', async () => {
    const { courseId, instructor } = await course();
    const latin1 = new Uint8Array([...new TextEncoder().encode('name,email,team\nZo'), 0xeb, ...new TextEncoder().encode(',zoe@example.test,Red\n')]);
    const before = await state(courseId);
    const preview = await post(courseId, latin1, instructor);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ ready: false, rows: [], problems: [{ line: 2, message: expect.stringMatching(/byte 19 \(0xEB\) on line 2/) }] });
    const refused = await post(courseId, latin1, instructor, true);
    expect(refused.status).toBe(400);
    expect(refused.body.report.problems).toEqual(preview.body.problems);
    expect(await state(courseId)).toEqual(before);
  });

  it('refuses 10,000 rows with one clear problem and a report of the first 5,000', async () => {
    const { courseId, instructor } = await course();
    const csv = ['email,team', ...Array.from({ length: 10_000 }, (_, i) => `big${i}@example.test,T${i % 40}`)].join('\n');
    const before = await state(courseId);
    const preview = await post(courseId, csv, instructor);
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([{ line: 5002, message: expect.stringContaining('at most 5000') }]);
    expect(preview.body.rows).toHaveLength(5000);
    expect(preview.body.summary).toMatchObject({ rows: 10_000, invited: 5000, teamsCreated: 40, errors: 1 });
    const refused = await post(courseId, csv, instructor, true);
    expect(refused.status).toBe(400);
    expect(await state(courseId)).toEqual(before);
  }, 60_000);

  it('is for the course’s instructors: a learner gets 403, a stranger 404, a non-CSV body 400', async () => {
    const { courseId, instructor, learner } = await course();
    const stranger = await server.createUser('Sam Stranger');
    const csv = `email\nx-${newId()}@example.test\n`;
    expect((await post(courseId, csv, learner, true)).status).toBe(403);
    expect((await post(courseId, csv, stranger)).status).toBe(404);
    const json = await server.api('POST', `/api/groups/${courseId}/roster`, { as: instructor, body: { csv } });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toContain('text/csv');
    expect((await state(courseId)).invites).toEqual([]);
  });

  it('takes a file up to 2 MB, and refuses a bigger one before reading it', async () => {
    const { courseId, instructor } = await course();
    // Over the general 1 MB limit of other bodies: one row's attribute column is long (and reported so).
    const big = `email,notes\nn-${newId()}@example.test,"${'x'.repeat(1_500_000)}"\n`;
    const fits = await post(courseId, big, instructor);
    expect(fits.status).toBe(200);
    expect(fits.body.rows[0].messages).toEqual([expect.stringContaining('longer than 200')]);
    const tooBig = await post(courseId, 'email\n' + 'x'.repeat(2 * 1024 * 1024), instructor);
    expect(tooBig.status).toBe(413);
  });
});
