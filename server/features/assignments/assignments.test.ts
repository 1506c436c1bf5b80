import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentDetailResponse } from '../../../shared/schemas/courses';
import { testClock } from '../../testing/test-clock';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { createTestCourse, storedText, writeAs, type TestCourse } from './test-course';

const hour = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('assignments', () => {
  const clock = testClock();
  let server: TestServer;
  let teacher: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let outsider: TestUser;
  let course: TestCourse;

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
    [teacher, ana, ben, cleo, outsider] = await server.createUsers('Teacher', 'Ana', 'Ben', 'Cleo', 'Outsider');
    course = await createTestCourse(server, teacher, [[ana, ben], [cleo]]);
  });
  afterAll(() => server?.close());

  const create = (body: Record<string, unknown>, as = teacher) => server.api('POST', `/api/groups/${course.courseId}/assignments`, { as, body });
  const detail = (id: string, as: TestUser) => server.api<AssignmentDetailResponse>('GET', `/api/assignments/${id}`, { as });

  it('opens at once for every team, each copy started from the Markdown template as the instructor’s writing', async () => {
    const made = await create({ title: 'Essay', instructions: 'Write **well**.', template: '# Essay\n\nIntroduction *here*.\n\n- [ ] outline', dueAt: iso(clock.now() + 48 * hour) });
    expect(made.status).toBe(201);
    expect(made.body.assignment).toMatchObject({ title: 'Essay', instructions: 'Write **well**.', hasTemplate: true, lockAtDue: false, revision: 1 });

    const { body } = await detail(made.body.assignment.id, teacher);
    expect(body.teams.map((team) => team.team.id).sort()).toEqual([...course.teamIds].sort());
    for (const team of body.teams) {
      expect(team.doc).not.toBeNull();
      expect(team.status).toBe('not-started');
      expect(team.locked).toBe(false);
      expect(await storedText(server, team.doc!.id)).toBe('Essay\nIntroduction here.\noutline');
      // One row, the instructor's, in the copy's group: the team's members read and write it.
      const rows = await server.domain.store.db.selectFrom('doc_updates').select('user_id').where('doc_id', '=', team.doc!.id).execute();
      expect(rows).toEqual([{ user_id: teacher.user.id }]);
    }
    const anaCopy = body.teams.find((team) => team.team.id === course.teamIds[0])!.doc!;
    expect((await server.api('GET', `/api/docs/${anaCopy.id}`, { as: ana })).status).toBe(200);
    expect((await server.api('GET', `/api/docs/${anaCopy.id}`, { as: cleo })).status).toBe(404);
  });

  it('shows a learner only their own team, and nothing to someone outside the course', async () => {
    const { body: made } = await create({ title: 'Own team', dueAt: iso(clock.now() + hour) });
    const learner = await detail(made.assignment.id, ana);
    expect(learner.status).toBe(200);
    expect(learner.body.teams.map((team) => team.team.id)).toEqual([course.teamIds[0]]);
    expect((await detail(made.assignment.id, outsider)).status).toBe(404);
    expect((await server.api('GET', `/api/groups/${course.courseId}/assignments`, { as: outsider })).status).toBe(404);
    const listed = await server.api('GET', `/api/groups/${course.courseId}/assignments`, { as: cleo });
    expect(listed.body.assignments.map((a: { id: string }) => a.id)).toContain(made.assignment.id);
  });

  it('refuses bad input with a message that says what is wrong', async () => {
    const past = await create({ title: 'Late', dueAt: iso(clock.now() - 60_000) });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/due time .* is in the past/);
    const backwards = await create({ title: 'Backwards', opensAt: iso(clock.now() + 2 * hour), dueAt: iso(clock.now() + hour) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/open after it is due/);
    const both = await create({ title: 'Both', template: '# T', templateDocId: course.teamIds[0], dueAt: iso(clock.now() + hour) });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/not both/);
    expect((await create({ title: 'Not a time', dueAt: 'tomorrow' })).status).toBe(400);
    expect((await create({ title: 'Learner', dueAt: iso(clock.now() + hour) }, ana)).status).toBe(403);
    expect((await create({ title: 'Outsider', dueAt: iso(clock.now() + hour) }, outsider)).status).toBe(404);
  });

  it('refuses an edit started from a revision someone else has changed meanwhile', async () => {
    const { body: made } = await create({ title: 'Draft', dueAt: iso(clock.now() + 24 * hour) });
    const path = `/api/assignments/${made.assignment.id}`;
    const first = await server.api('PATCH', path, { as: teacher, body: { revision: 1, title: 'Draft, first instructor' } });
    expect(first.status).toBe(200);
    expect(first.body.assignment).toMatchObject({ title: 'Draft, first instructor', revision: 2 });
    const second = await server.api('PATCH', path, { as: teacher, body: { revision: 1, dueAt: iso(clock.now() + 30 * hour) } });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/changed by someone else meanwhile/);
    expect((await server.api('GET', path, { as: teacher })).body.assignment).toMatchObject({ title: 'Draft, first instructor', revision: 2 });
    expect((await server.api('PATCH', path, { as: ana, body: { revision: 2, title: 'Mine' } })).status).toBe(403);
    expect((await server.api('PATCH', path, { as: teacher, body: { revision: 2, dueAt: iso(clock.now() - 1) } })).status).toBe(400);
    expect((await server.api('DELETE', path, { as: ana })).status).toBe(403);
    expect((await server.api('DELETE', path, { as: teacher })).status).toBe(204);
    expect((await server.api('GET', path, { as: teacher })).status).toBe(404);
  });

  it('opens when its opening time comes, and a team made later gets its copy too', async () => {
    const { body: made } = await create({ title: 'Later', template: 'Start here.', opensAt: iso(clock.now() + hour), dueAt: iso(clock.now() + 5 * hour) });
    const before = await detail(made.assignment.id, teacher);
    expect(before.body.teams.every((team) => team.doc === null && team.status === 'not-started')).toBe(true);
    clock.advance(hour);
    await server.domain.assignmentOpening.sweep();
    const opened = await detail(made.assignment.id, teacher);
    expect(opened.body.teams.every((team) => team.doc !== null)).toBe(true);

    const [dan] = await server.createUsers('Dan');
    const teamId = await course.addTeam('Team late', [dan]);
    const mine = await detail(made.assignment.id, dan);
    expect(mine.body.teams).toHaveLength(1);
    expect(mine.body.teams[0]!.team.id).toBe(teamId);
    expect(await storedText(server, mine.body.teams[0]!.doc!.id)).toBe('Start here.');
    const copies = await server.domain.store.db.selectFrom('assignment_teams').select('team_id').where('assignment_id', '=', made.assignment.id).execute();
    expect(copies).toHaveLength(course.teamIds.length + 1);
  });

  it('gives a team with no members its copy like any, not started, and a row in the class view with no one’s share', async () => {
    const emptyTeam = await course.addTeam('Team empty', []);
    const { body: made } = await create({ title: 'For every team', template: 'Begin.', dueAt: iso(clock.now() + 24 * hour) });
    const { body } = await detail(made.assignment.id, teacher);
    const empty = body.teams.find((team) => team.team.id === emptyTeam)!;
    expect(empty.doc).not.toBeNull();
    expect(empty.status).toBe('not-started');
    expect(await storedText(server, empty.doc!.id)).toBe('Begin.');
    const view = await server.api('GET', `/api/assignments/${made.assignment.id}/class`, { as: teacher });
    expect(view.status).toBe(200);
    const row = view.body.teams.find((team: { team: { id: string } }) => team.team.id === emptyTeam);
    expect(row.members).toEqual([]);
  });

  it('copies a template document’s content, without its history or its writers’ client ids', async () => {
    const { body: source } = await create({ title: 'Source', template: '# Model answer\n\nKeep this.', dueAt: iso(clock.now() + hour) });
    const sourceDoc = (await detail(source.assignment.id, teacher)).body.teams[0]!.doc!;
    await writeAs(server, sourceDoc.id, ana, 'And this.');
    const { body: made } = await create({ title: 'From a document', templateDocId: sourceDoc.id, dueAt: iso(clock.now() + hour) });
    const { db } = server.domain.store;
    const sourceClients = new Set((await db.selectFrom('doc_client_ids').select('client_id').where('doc_id', '=', sourceDoc.id).execute()).map((row) => Number(row.client_id)));
    for (const team of (await detail(made.assignment.id, teacher)).body.teams) {
      expect(await storedText(server, team.doc!.id)).toBe('Model answer\nKeep this.\nAnd this.');
      const claims = await db.selectFrom('doc_client_ids').select(['client_id', 'user_id']).where('doc_id', '=', team.doc!.id).execute();
      expect(claims).toHaveLength(1);
      expect(claims[0]!.user_id).toBe(teacher.user.id);
      expect(sourceClients.has(Number(claims[0]!.client_id))).toBe(false);
    }
    const elsewhere = await createTestDoc(server, [{ member: teacher, role: 'instructor' }]);
    const outside = await create({ title: 'Outside', templateDocId: elsewhere.docId, dueAt: iso(clock.now() + hour) });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toMatch(/document of this course/);
    const unreadable = await createTestDoc(server, [{ member: outsider, role: 'instructor' }]);
    expect((await create({ title: 'Unreadable', templateDocId: unreadable.docId, dueAt: iso(clock.now() + hour) })).status).toBe(404);
  });

  it('submits a team’s copy as a locked version; resubmitting replaces the submission and keeps the older version', async () => {
    const { body: made } = await create({ title: 'Report', template: 'Draft.', dueAt: iso(clock.now() + 2 * hour), lockAtDue: true });
    const id = made.assignment.id;
    const docId = (await detail(id, ana)).body.teams[0]!.doc!.id;
    expect((await detail(id, ana)).body.teams[0]!.status).toBe('not-started');
    await writeAs(server, docId, ben, 'Ben’s part.');
    expect((await detail(id, ana)).body.teams[0]!.status).toBe('in-progress');

    const first = await server.api('POST', `/api/assignments/${id}/submit`, { as: ana });
    expect(first.status).toBe(200);
    expect(first.body.submission).toMatchObject({ assignmentId: id, teamId: course.teamIds[0], late: false, submittedBy: { id: ana.user.id } });
    const versions = await server.api('GET', `/api/docs/${docId}/versions`, { as: ben });
    const submitted = versions.body.versions.find((v: { id: string }) => v.id === first.body.submission.versionId);
    expect(submitted).toMatchObject({ locked: true, name: 'Submitted by Ana' });
    expect((await server.api('DELETE', `/api/docs/${docId}/versions/${submitted.id}`, { as: ben })).status).toBe(409);
    expect((await detail(id, teacher)).body.teams.find((team) => team.team.id === course.teamIds[0])).toMatchObject({ status: 'submitted' });

    clock.advance(1000);
    await writeAs(server, docId, ana, 'A last fix.');
    const second = await server.api('POST', `/api/assignments/${id}/submit`, { as: ben });
    expect(second.status).toBe(200);
    expect(second.body.submission.versionId).not.toBe(first.body.submission.versionId);
    const team = (await detail(id, ana)).body.teams[0]!;
    expect(team.submission).toMatchObject({ versionId: second.body.submission.versionId, submittedBy: { id: ben.user.id } });
    const after = await server.api('GET', `/api/docs/${docId}/versions`, { as: ana });
    const ids = after.body.versions.map((v: { id: string }) => v.id);
    expect(ids).toEqual(expect.arrayContaining([first.body.submission.versionId, second.body.submission.versionId]));
    const shown = await server.api('GET', `/api/docs/${docId}/versions/${second.body.submission.versionId}`, { as: cleo });
    expect(shown.status).toBe(404);

    expect((await server.api('POST', `/api/assignments/${id}/submit`, { as: teacher })).status).toBe(403);
    expect((await server.api('POST', `/api/assignments/${id}/submit`, { as: outsider })).status).toBe(404);

    // Cleo's team never submitted: locked at the due time, and refused then.
    clock.advance(2 * hour);
    const cleoTeam = (await detail(id, cleo)).body.teams[0]!;
    expect(cleoTeam).toMatchObject({ status: 'locked', locked: true });
    const late = await server.api('POST', `/api/assignments/${id}/submit`, { as: cleo });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/locked/);
    expect((await detail(id, ana)).body.teams[0]!.status).toBe('submitted');
  });

  it('accepts late work, marked late, when the copy does not lock', async () => {
    const { body: made } = await create({ title: 'Open-ended', dueAt: iso(clock.now() + hour) });
    const id = made.assignment.id;
    clock.advance(hour);
    expect((await detail(id, cleo)).body.teams[0]).toMatchObject({ status: 'late', locked: false });
    const late = await server.api('POST', `/api/assignments/${id}/submit`, { as: cleo });
    expect(late.status).toBe(200);
    expect(late.body.submission.late).toBe(true);
    expect((await detail(id, cleo)).body.teams[0]).toMatchObject({ status: 'late', submission: { late: true } });
  });

  it('lists a learner’s assignments on their home page with their team’s due time and status; an instructor’s home lists none', async () => {
    const { body: made } = await create({ title: 'Home due', template: 'Go.', dueAt: iso(clock.now() + 3 * hour), lockAtDue: true });
    const home = await server.api('GET', '/api/home', { as: cleo });
    expect(home.status).toBe(200);
    const listed = home.body.assignments.find((a: { id: string }) => a.id === made.assignment.id);
    const copy = (await detail(made.assignment.id, cleo)).body.teams[0]!;
    expect(listed).toEqual({
      id: made.assignment.id,
      title: 'Home due',
      course: { id: course.courseId, name: 'Course' },
      team: copy.team,
      docId: copy.doc!.id,
      status: 'not-started',
      opensAt: made.assignment.opensAt,
      dueAt: made.assignment.dueAt,
      locked: false,
      submittedAt: null,
    });
    const dues = home.body.assignments.map((a: { dueAt: number }) => a.dueAt);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect((await server.api('GET', '/api/home', { as: teacher })).body.assignments).toBeUndefined();
    expect((await server.api('GET', '/api/home', { as: outsider })).body.assignments).toBeUndefined();
  });
});
