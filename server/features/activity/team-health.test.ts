import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, comment, createTeam, endSessions } from './test-activity';

const day = 24 * 60 * 60 * 1000;

/**
 * Team health, for instructors and members: threads unanswered
 * for more than three days, members who did nothing this week, and one
 * person writing more than 70% of the week's new text.
 */
describe('team health', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('names unanswered threads, quiet members and a dominant writer', async () => {
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
    await db.updateTable('threads').set({ created_at: Date.now() - 4 * day }).where('group_id', '=', t.groupId).execute();

    const health = await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Ana });
    expect(health.status).toBe(200);
    expect(health.body.health).toEqual({
      group: { id: t.groupId, name: 'Team Blue' },
      sentences: [
        '1 thread in Team Blue has had no answer for more than 3 days.',
        'Cy and Dee have not contributed to Team Blue this week.',
        'Ana wrote 86% of the text added to Team Blue this week.',
      ],
      unansweredThreads: 1,
      quietMembers: [
        { id: t.people.Cy!.user.id, name: 'Cy' },
        { id: t.people.Dee!.user.id, name: 'Dee' },
      ],
      dominantWriter: { user: { id: Ana!.user.id, name: 'Ana' }, share: 57 / 66 },
    });
    // Instructors also count the private thread they may see.
    expect((await server.api('GET', `/api/groups/${t.groupId}/health`, { as: Ines })).body.health.unansweredThreads).toBe(2);
    // The feed carries it for instructors and members, never for reviewers.
    expect((await server.api('GET', '/api/feed', { as: Ana })).body.health).toEqual([health.body.health]);
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
});
