import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/close-codes';
import { stockClientPool } from '../../sync/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { createCourse, createTeam, enrol, storedRole, teamDoc } from './test-course';

/**
 * A course's instructors are instructors of every one of its teams: teams
 * made before and after them, instructors added before and after the teams,
 * and they stop being when they stop instructing the course (an open socket
 * on a team's document is closed at once). What they hold in a team is the
 * course's: it cannot be changed in the team alone.
 */
describe('course instructors in every team', () => {
  let server: TestServer;
  const clients = stockClientPool();

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    clients.destroyAll();
    await server?.close();
  });

  it('follow the course: teams made later, instructors added and removed later', async () => {
    const [ines, ivan, lea, leo] = await server.createUsers('Ines', 'Ivan', 'Lea', 'Leo');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', lea, leo);
    const early = await createTeam(server, course, 'Early team', [lea]);
    expect(await storedRole(server, early, ines)).toBe('instructor');

    // An instructor added after the team (by email invite) is one of it at once.
    await enrol(server, course, 'instructor', ivan);
    expect(await storedRole(server, early, ivan)).toBe('instructor');
    // A team made after both has both.
    const late = await createTeam(server, course, 'Late team', [leo]);
    expect([await storedRole(server, late, ines), await storedRole(server, late, ivan)]).toEqual(['instructor', 'instructor']);
    const doc = await teamDoc(server, late, leo);
    const read = await server.api('GET', `/api/docs/${doc.docId}`, { as: ivan });
    expect(read.status).toBe(200);
    expect(read.body.doc.role).toBe('instructor');

    // The team lists its own members, not the course's instructors.
    const teams = await server.api('GET', `/api/groups/${course.courseId}/teams`, { as: lea });
    expect(teams.status).toBe(200);
    expect(teams.body.teams.map((t: { name: string; members: { user: { name: string }; role: string }[] }) => [t.name, t.members.map((m) => `${m.user.name}:${m.role}`)])).toEqual([
      ['Early team', ['Lea:member']],
      ['Late team', ['Leo:member']],
    ]);

    // Ivan steps down to a learner in the course: he leaves every team, and his open socket closes.
    const socket = clients.connect(server.url, doc.docId, ivan);
    await socket.synced;
    const demoted = await server.api('PATCH', `/api/groups/${course.courseId}/members/${ivan.user.id}`, { as: ines, body: { role: 'member' } });
    expect(demoted.status).toBe(200);
    expect((await socket.closed).code).toBe(closeCodes.accessRevoked);
    expect([await storedRole(server, early, ivan), await storedRole(server, late, ivan)]).toEqual([null, null]);
    expect((await server.api('GET', `/api/docs/${doc.docId}`, { as: ivan })).status).toBe(404);

    // Made instructor again, he is back in every team; removed from the course, he is out of all of them.
    await server.api('PATCH', `/api/groups/${course.courseId}/members/${ivan.user.id}`, { as: ines, body: { role: 'instructor' } });
    expect(await storedRole(server, late, ivan)).toBe('instructor');
    expect((await server.api('DELETE', `/api/groups/${course.courseId}/members/${ivan.user.id}`, { as: ines })).status).toBe(204);
    expect([await storedRole(server, early, ivan), await storedRole(server, late, ivan)]).toEqual([null, null]);
  });

  it('an instructor who joins by invite code or signs up after an email invite is in every team', async () => {
    const [ines, ida] = await server.createUsers('Ines', 'Ida');
    const course = await createCourse(server, ines);
    const team = await createTeam(server, course, 'Team');
    const invite = await server.api('POST', `/api/groups/${course.courseId}/invites`, { as: ines, body: { role: 'instructor' } });
    expect((await server.api('POST', `/api/invites/${invite.body.invite.code}/accept`, { as: ida })).status).toBe(200);
    expect(await storedRole(server, team, ida)).toBe('instructor');

    const email = `later-${Date.now()}@example.test`;
    await server.api('POST', `/api/groups/${course.courseId}/invites/email`, { as: ines, body: { email, role: 'instructor' } });
    const signup = await server.api('POST', '/api/auth/signup', { body: { email, password: 'a long enough password', name: 'Later' } });
    expect(signup.status).toBe(201);
    const later = await server.domain.store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const row = await server.domain.store.db
      .selectFrom('memberships')
      .select(['role', 'inherited_from'])
      .where('group_id', '=', team)
      .where('user_id', '=', later.id)
      .executeTakeFirst();
    expect(row).toEqual({ role: 'instructor', inherited_from: course.courseId });
  });

  it('a team made while an instructor joins the course gets them, whichever commits first', async () => {
    const [ines] = await server.createUsers('Ines');
    const course = await createCourse(server, ines);
    for (let round = 0; round < 4; round += 1) {
      const newcomer = await server.createUser(`Newcomer ${round}`);
      const invite = await server.api('POST', `/api/groups/${course.courseId}/invites`, { as: ines, body: { role: 'instructor' } });
      const [joined, team] = await Promise.all([
        server.api('POST', `/api/invites/${invite.body.invite.code}/accept`, { as: newcomer }),
        createTeam(server, course, `Team ${round}`),
      ]);
      expect(joined.status).toBe(200);
      expect(await storedRole(server, team, newcomer), `round ${round}`).toBe('instructor');
    }
  });

  it('what an instructor holds in a team through the course cannot be changed in the team (409)', async () => {
    const [ines, tara, lea] = await server.createUsers('Ines', 'Tara', 'Lea');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', lea);
    const team = await createTeam(server, course, 'Team', [lea]);
    // Tara is the team's own instructor (a teaching assistant of this team alone), not the course's.
    await server.api('POST', `/api/groups/${team}/invites/email`, { as: ines, body: { email: tara.user.email, role: 'instructor' } });

    const demote = await server.api('PATCH', `/api/groups/${team}/members/${ines.user.id}`, { as: tara, body: { role: 'member' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/in the course/);
    const remove = await server.api('DELETE', `/api/groups/${team}/members/${ines.user.id}`, { as: tara });
    expect(remove.status).toBe(409);
    const takeOut = await server.api('DELETE', `/api/groups/${course.courseId}/teams/${team}/members/${ines.user.id}`, { as: ines });
    expect(takeOut.status).toBe(409);
    expect(await storedRole(server, team, ines)).toBe('instructor');
    // Her own membership of the team is hers to change.
    expect((await server.api('DELETE', `/api/groups/${team}/members/${tara.user.id}`, { as: ines })).status).toBe(204);
  });

  it('a group with no teams costs one query to check', async () => {
    const [ines, ivan] = await server.createUsers('Ines', 'Ivan');
    const course = await createCourse(server, ines);
    const { matchCourseInstructors } = await import('./course-instructors');
    let queries = 0;
    const changes = await server.domain.store.db.transaction().execute(async (trx) => {
      const counted = trx.withPlugin({
        transformQuery: (args) => {
          queries += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      return matchCourseInstructors(counted as typeof trx, course.courseId);
    });
    expect(changes).toEqual([]);
    expect(queries).toBe(1);
    // And adding an instructor to it works as before.
    await enrol(server, course, 'instructor', ivan);
    expect(await storedRole(server, course.courseId, ivan)).toBe('instructor');
  });
});
