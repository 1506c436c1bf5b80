import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, DocWriters } from '../activity/test-activity';
import { commentBody } from '../threads/test-feedback';
import { createCourse, createTeam, enrol, storedRole, teamDoc } from './test-course';

/**
 * A course's teams through their routes: who may make and read them, a
 * learner in one team per course, other teams' work hidden from a learner
 * (404) unless they review it, moving a learner keeping their writing
 * theirs, and deleting only a team without work.
 */
describe('teams of a course', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are made by the course’s instructors only, of its learners, and not inside a team', async () => {
    const [ines, lea, leo, rey, ola] = await server.createUsers('Ines', 'Lea', 'Leo', 'Rey', 'Ola');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', lea, leo);
    await enrol(server, course, 'reviewer', rey);
    const path = `/api/groups/${course.courseId}/teams`;

    expect((await server.api('POST', path, { as: lea, body: { name: 'Mine' } })).status).toBe(403);
    expect((await server.api('POST', path, { as: ola, body: { name: 'Mine' } })).status).toBe(404);
    expect((await server.api('GET', path, { as: ola })).status).toBe(404);
    expect((await server.api('POST', path, { body: { name: 'Mine' } })).status).toBe(401);

    const notLearners = await server.api('POST', path, { as: ines, body: { name: 'Team', memberIds: [lea.user.id, rey.user.id, ola.user.id] } });
    expect(notLearners.status).toBe(400);
    expect(notLearners.body.error.message).toContain(rey.user.id);
    expect(notLearners.body.error.message).toContain(ola.user.id);
    expect(notLearners.body.error.message).not.toContain(lea.user.id);

    const created = await server.api('POST', path, { as: ines, body: { name: ' Red ', memberIds: [lea.user.id] } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ team: { id: expect.any(String), name: 'Red', parentId: course.courseId } });
    const red = created.body.team.id as string;
    expect(await storedRole(server, red, lea)).toBe('member');

    const nested = await server.api('POST', `/api/groups/${red}/teams`, { as: ines, body: { name: 'Inner' } });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/team cannot have teams/);

    // A learner placed in a new team leaves the one they were in.
    const blue = await createTeam(server, course, 'Blue', [lea, leo]);
    expect(await storedRole(server, red, lea)).toBeNull();
    expect(await storedRole(server, blue, lea)).toBe('member');

    // Any member of the course reads every team and its members.
    const list = await server.api('GET', path, { as: rey });
    expect(list.status).toBe(200);
    expect(list.body.selfSignup).toEqual({ maxTeamSize: null });
    expect(list.body.teams.map((t: { name: string; members: unknown[] }) => [t.name, t.members.length])).toEqual([
      ['Red', 0],
      ['Blue', 2],
    ]);

    const renamed = await server.api('PATCH', `${path}/${red}`, { as: ines, body: { name: 'Crimson' } });
    expect(renamed.body).toEqual({ team: { id: red, name: 'Crimson', parentId: course.courseId } });
    expect((await server.api('PATCH', `${path}/${red}`, { as: lea, body: { name: 'Mine' } })).status).toBe(403);
    // A team of another course is not one of this course's.
    const other = await createCourse(server, ines, 'Chemistry');
    expect((await server.api('PATCH', `/api/groups/${other.courseId}/teams/${red}`, { as: ines, body: { name: 'X' } })).status).toBe(404);
  });

  it('hide another team’s work from a learner (404) unless they are made its reviewer', async () => {
    const [ines, ann, bob] = await server.createUsers('Ines', 'Ann', 'Bob');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', ann, bob);
    const teamA = await createTeam(server, course, 'A', [ann]);
    const teamB = await createTeam(server, course, 'B', [bob]);
    const docB = await teamDoc(server, teamB, bob);
    const writers = new DocWriters(server, docB.docId);
    await writers.edit(bob, (f) => f.insert(0, [block('paragraph', 'The quick brown fox jumps.')]));
    const thread = await server.api('POST', `/api/docs/${docB.docId}/threads`, { as: bob, body: commentBody({ body: 'Team B only.', anchor: writers.anchor(bob, 'brown fox') }) });
    expect(thread.status).toBe(201);
    await server.api('POST', `/api/docs/${docB.docId}/versions`, { as: bob, body: { name: 'Draft' } });

    const hidden = [
      `/api/docs/${docB.docId}`,
      `/api/docs/${docB.docId}/threads`,
      `/api/threads/${thread.body.thread.id}`,
      `/api/docs/${docB.docId}/versions`,
      `/api/docs/${docB.docId}/timeline`,
      `/api/docs/${docB.docId}/contributions`,
      `/api/docs/${docB.docId}/authorship`,
      `/api/groups/${teamB}/projects`,
      `/api/groups/${teamB}/contributions`,
      `/api/projects/${docB.projectId}`,
    ];
    for (const path of hidden) expect((await server.api('GET', path, { as: ann })).status, path).toBe(404);
    const feed = await server.api('GET', '/api/feed', { as: ann });
    expect(feed.status).toBe(200);
    expect(JSON.stringify(feed.body)).not.toContain('Team B only');
    expect(JSON.stringify(feed.body)).not.toContain(docB.docId);
    // Bob's own feed has it: the hiding is of Ann, not of the item.
    expect(JSON.stringify((await server.api('GET', '/api/feed', { as: ines })).body)).toContain('Team B only');

    // Made reviewer of team B's work, Ann reads it and comments, but cannot write; she stays in team A.
    const review = await server.api('POST', `/api/groups/${course.courseId}/teams/${teamB}/members`, {
      as: ines,
      body: { userId: ann.user.id, role: 'reviewer' },
    });
    expect(review.status).toBe(200);
    expect(review.body.team.members.map((m: { user: { name: string }; role: string }) => `${m.user.name}:${m.role}`)).toEqual(['Bob:member', 'Ann:reviewer']);
    const read = await server.api('GET', `/api/docs/${docB.docId}`, { as: ann });
    expect(read.status).toBe(200);
    expect(read.body.doc.role).toBe('reviewer');
    expect(read.body.doc.can.edit).toBe(false);
    expect((await server.api('GET', `/api/docs/${docB.docId}/threads`, { as: ann })).status).toBe(200);
    expect((await server.api('POST', `/api/docs/${docB.docId}/versions`, { as: ann, body: { name: 'Mine' } })).status).toBe(403);
    expect(await storedRole(server, teamA, ann)).toBe('member');
  });

  it('moving a learner keeps their writing theirs; they lose the old team’s documents', async () => {
    const [ines, mo, kim] = await server.createUsers('Ines', 'Mo', 'Kim');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', mo, kim);
    const oldTeam = await createTeam(server, course, 'Old', [mo, kim]);
    const newTeam = await createTeam(server, course, 'New');
    const doc = await teamDoc(server, oldTeam, kim);
    // Written through the sync server, which credits each update to its writer as a socket does.
    const moDoc = new Y.Doc();
    moDoc.getXmlFragment('default').insert(0, [block('paragraph', 'Mo wrote this opening paragraph.')]);
    await server.domain.sync.applyUpdateAs(doc.docId, mo.user.id, Y.encodeStateAsUpdate(moDoc));
    const kimDoc = new Y.Doc();
    Y.applyUpdate(kimDoc, Y.encodeStateAsUpdate(moDoc));
    const before = Y.encodeStateVector(kimDoc);
    kimDoc.getXmlFragment('default').insert(1, [block('paragraph', 'Kim closed.')]);
    await server.domain.sync.applyUpdateAs(doc.docId, kim.user.id, Y.encodeStateAsUpdate(kimDoc, before));

    const moved = await server.api('POST', `/api/groups/${course.courseId}/teams/${newTeam}/members`, { as: ines, body: { userId: mo.user.id } });
    expect(moved.status).toBe(200);
    expect(moved.body.team.members.map((m: { user: { id: string } }) => m.user.id)).toEqual([mo.user.id]);
    expect(await storedRole(server, oldTeam, mo)).toBeNull();

    expect((await server.api('GET', `/api/docs/${doc.docId}`, { as: mo })).status).toBe(404);
    expect((await server.api('GET', `/api/docs/${doc.docId}/contributions`, { as: mo })).status).toBe(404);
    const report = await server.api('GET', `/api/docs/${doc.docId}/contributions`, { as: ines });
    expect(report.status).toBe(200);
    const byName = Object.fromEntries(report.body.contributors.map((c: { user: { name: string }; inserted: number }) => [c.user.name, c.inserted]));
    expect(byName.Mo).toBe('Mo wrote this opening paragraph.'.length);
    expect(byName.Kim).toBe('Kim closed.'.length);

    // Taken out of a team, a learner stays in the course.
    expect((await server.api('DELETE', `/api/groups/${course.courseId}/teams/${newTeam}/members/${mo.user.id}`, { as: ines })).status).toBe(204);
    expect(await storedRole(server, newTeam, mo)).toBeNull();
    expect(await storedRole(server, course.courseId, mo)).toBe('member');
    // Leaving the course is leaving its teams.
    expect((await server.api('DELETE', `/api/groups/${course.courseId}/members/${kim.user.id}`, { as: kim })).status).toBe(204);
    expect(await storedRole(server, oldTeam, kim)).toBeNull();
    expect((await server.api('GET', `/api/docs/${doc.docId}`, { as: kim })).status).toBe(404);
  });

  it('a team with work cannot be deleted; one without can', async () => {
    const [ines, ann, bob] = await server.createUsers('Ines', 'Ann', 'Bob');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', ann, bob);
    const busy = await createTeam(server, course, 'Busy', [ann]);
    const idle = await createTeam(server, course, 'Idle', [bob]);
    const busyDoc = await teamDoc(server, busy, ann);
    // The instructor's own doc in the idle team, written by her alone, is no team work.
    const idleDoc = await teamDoc(server, idle, ines);
    await new DocWriters(server, idleDoc.docId).edit(ines, (f) => f.insert(0, [block('paragraph', 'Template text.')]));
    await new DocWriters(server, busyDoc.docId).edit(ann, (f) => f.insert(0, [block('paragraph', 'Our work.')]));

    expect((await server.api('DELETE', `/api/groups/${course.courseId}/teams/${busy}`, { as: ann })).status).toBe(403);
    const refused = await server.api('DELETE', `/api/groups/${course.courseId}/teams/${busy}`, { as: ines });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/has work/);
    expect((await server.api('GET', `/api/docs/${busyDoc.docId}`, { as: ann })).status).toBe(200);

    expect((await server.api('DELETE', `/api/groups/${course.courseId}/teams/${idle}`, { as: ines })).status).toBe(204);
    expect((await server.api('GET', `/api/groups/${idle}`, { as: bob })).status).toBe(404);
    expect((await server.api('GET', `/api/docs/${idleDoc.docId}`, { as: ines })).status).toBe(404);
    const left = await server.api('GET', `/api/groups/${course.courseId}/teams`, { as: ines });
    expect(left.body.teams.map((t: { name: string }) => t.name)).toEqual(['Busy']);
  });
});
