import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, comment, createTeam, endSessions } from './test-activity';

const day = 24 * 60 * 60 * 1000;

/**
 * Team health, for instructors and members: threads unanswered
 * for more than three days, members who did nothing this week, and one
 * person writing more than 70% of the week's new text. People are named to
 * instructors only, and a member is never counted as quiet in their first
 * three days. The server's clock is the test's, moved on by days.
 */
describe('team health', () => {
  let server: TestServer;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('names unanswered threads, quiet members and a dominant writer to instructors; members read of their team', async () => {
    const t = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['Ana', 'member'],
        ['Ben', 'member'],
        ['Cy', 'member'],
        ['Dee', 'member'],
        ['Rey', 'reviewer'],
      ],
      { groupName: 'Team Blue' },
    );
    const { Ana, Ben, Ines, Rey } = t.people;
    const { db } = server.domain.store;
    await t.writers.edit(Ana!, (f) => f.insert(0, [block('paragraph', 'Ana writes nearly everything in this document, at length.')]));
    await t.writers.edit(Ben!, (f) => f.insert(1, [block('paragraph', 'Ben: two.')]));
    await endSessions(server);
    const old = await comment(server, t, Ben!, 'Anyone?', 'nearly');
    const answered = await comment(server, t, Ben!, 'Answered.', 'everything');
    await server.api('POST', `/api/threads/${answered.id}/replies`, { as: Ana, body: { body: 'Yes.' } });
    await comment(server, t, Ines!, 'Private, old.', 'length', { visibility: 'instructors' });
    await db.updateTable('threads').set({ created_at: clock.now() - 4 * day }).where('group_id', '=', t.groupId).execute();
    // Everyone joined four days ago: past the newcomers' grace.
    clock.advance(4 * day);

    const health = await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Ines });
    expect(health.status).toBe(200);
    expect(health.body.health).toEqual({
      group: { id: t.groupId, name: 'Team Blue' },
      sentences: [
        // Instructors also count the private thread they may see.
        '2 threads in Team Blue have had no answer for more than 3 days.',
        'Cy and Dee have not contributed to Team Blue this week.',
        'Ana wrote 86% of the text added to Team Blue this week.',
      ],
      unansweredThreads: 2,
      quietMembers: [
        { id: t.people.Cy!.user.id, name: 'Cy' },
        { id: t.people.Dee!.user.id, name: 'Dee' },
      ],
      dominantWriter: { user: { id: Ana!.user.id, name: 'Ana' }, share: 57 / 66 },
    });

    // Members read of their team: nobody named as not contributing; the one who wrote most is told so.
    const ana = await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Ana });
    expect(ana.body.health).toEqual({
      group: { id: t.groupId, name: 'Team Blue' },
      sentences: [
        '1 thread in Team Blue has had no answer for more than 3 days.',
        '2 of 4 members have contributed to Team Blue this week.',
        'You wrote 86% of the text added to Team Blue this week.',
      ],
      unansweredThreads: 1,
      quietMembers: [],
      dominantWriter: { user: { id: Ana!.user.id, name: 'Ana' }, share: 57 / 66 },
    });
    const ben = await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Ben });
    expect(ben.body.health).toMatchObject({
      sentences: [
        '1 thread in Team Blue has had no answer for more than 3 days.',
        '2 of 4 members have contributed to Team Blue this week.',
        'One person wrote 86% of the text added to Team Blue this week.',
      ],
      quietMembers: [],
      dominantWriter: null,
    });
    for (const name of ['Cy', 'Dee', 'Ana']) expect(JSON.stringify(ben.body.health)).not.toContain(name);

    // The feed carries it for instructors and members, never for reviewers.
    expect((await server.api('GET', '/api/feed', { as: Ana })).body.health).toEqual([ana.body.health]);
    expect((await server.api('GET', '/api/feed', { as: Ines })).body.health).toEqual([health.body.health]);
    expect((await server.api('GET', '/api/feed', { as: Rey })).body.health).toEqual([]);
    expect((await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Rey })).status).toBe(403);

    // Answering the old thread clears it.
    await server.api('POST', `/api/threads/${old.id}/replies`, { as: Ana, body: { body: 'Here.' } });
    expect((await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Ana })).body.health.unansweredThreads).toBe(0);
  });

  it('says nothing when all is well', async () => {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Ben', 'member'],
    ]);
    await t.writers.edit(t.people.Ana!, (f) => f.insert(0, [block('paragraph', 'Half of it.')]));
    await t.writers.edit(t.people.Ben!, (f) => f.insert(1, [block('paragraph', 'Half of it.')]));
    await endSessions(server);
    const { body } = await server.api('GET', `/api/groups/${t.groupId}/health`, { as: t.people.Ines });
    expect(body.health).toMatchObject({ sentences: [], unansweredThreads: 0, quietMembers: [], dominantWriter: null });
  });

  it('never counts a member as quiet in their first three days, to anyone', async () => {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Ben', 'member'],
      ['Nia', 'member'],
    ]);
    const { Ana, Ben, Ines, Nia } = t.people;
    const { db } = server.domain.store;
    // They all join now, by the server's clock.
    await db.updateTable('memberships').set({ created_at: clock.now() }).where('group_id', '=', t.groupId).execute();
    await t.writers.edit(Ana!, (f) => f.insert(0, [block('paragraph', 'Ana starts.')]), clock.now());
    await endSessions(server, clock.now());
    const health = async (viewer: typeof Ana) => (await server.api('GET', `/api/groups/${t.groupId}/health`, { as: viewer })).body.health;

    // A day in: Ben and Nia are new; nobody is quiet, to the instructor or to peers.
    clock.advance(1 * day);
    expect(await health(Ines)).toMatchObject({ sentences: ['Ana wrote 100% of the text added to Test group this week.'], quietMembers: [] });
    expect(await health(Ben)).toMatchObject({ sentences: ['One person wrote 100% of the text added to Test group this week.'], quietMembers: [] });
    expect(JSON.stringify(await health(Ines))).not.toMatch(/Ben|Nia/);

    // Nia writes on day two: a newcomer who contributes counts among those who did.
    await t.writers.edit(Nia!, (f) => f.insert(1, [block('paragraph', 'Nia too.')]), clock.now());
    await endSessions(server, clock.now());

    // Past the grace: the instructor sees who has not contributed; peers read of the team.
    clock.advance(3 * day);
    expect((await health(Ines)).sentences).toContain('Ben has not contributed to Test group this week.');
    expect((await health(Ines)).quietMembers).toEqual([{ id: Ben!.user.id, name: 'Ben' }]);
    expect((await health(Nia)).sentences).toContain('2 of 3 members have contributed to Test group this week.');
    expect((await health(Nia)).quietMembers).toEqual([]);
    expect(JSON.stringify(await health(Nia))).not.toContain('Ben');
  });
});
