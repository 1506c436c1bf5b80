import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { startTestServer, type TestServer } from '../../testing/test-server';

describe('POST /api/team-projects', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const db = () => server.domain.store.db;

  it('makes a group with the caller as instructor, its project and its first document in one request', async () => {
    const learner = await server.createUser('Lena Learner');
    const response = await server.api('POST', '/api/team-projects', {
      as: learner,
      body: { groupName: ' Team Otter ', projectName: 'Lab report', docTitle: 'Draft one' },
    });
    expect(response.status).toBe(201);
    const { group, project, doc } = response.body;
    expect(group).toMatchObject({ name: 'Team Otter', role: 'instructor', can: { manageMembers: true, createProjects: true } });
    expect(project).toMatchObject({ groupId: group.id, name: 'Lab report', can: { createDocs: true } });
    expect(doc).toMatchObject({ projectId: project.id, title: 'Draft one' });

    // What it made is what the ordinary routes show: the group on home, the document openable.
    const groups = await server.api('GET', '/api/groups', { as: learner });
    expect(groups.body.groups.map((g: { id: string }) => g.id)).toEqual([group.id]);
    const opened = await server.api('GET', `/api/docs/${doc.id}`, { as: learner });
    expect(opened.status).toBe(200);
    expect(opened.body.doc).toMatchObject({ group: { id: group.id }, project: { id: project.id }, role: 'instructor', can: { edit: true } });
    // The feed tells of the new group as it does for one made alone.
    const events = await db().selectFrom('events').select('type').where('group_id', '=', group.id).execute();
    expect(events.map((e) => e.type)).toEqual(['group-created']);
  });

  it('names the first document for the learner when no title is given', async () => {
    const learner = await server.createUser();
    const response = await server.api('POST', '/api/team-projects', { as: learner, body: { groupName: 'Team Heron', projectName: 'Essay' } });
    expect(response.status).toBe(201);
    expect(response.body.doc.title).toBe('First draft');
  });

  it('leaves nothing behind when a later part fails', async () => {
    const learner = await server.createUser();
    const groupName = `Doomed ${newId()}`;
    // A real refusal from the database, only for this document title, so the
    // group and project are written before the failure and must be rolled back.
    const refused = 'Refused by the database';
    if (server.domain.store.kind === 'postgres') {
      await sql`create function refuse_document() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(db());
      await sql
        .raw(`create trigger refuse_document before insert on documents for each row when (new.title = '${refused}') execute function refuse_document()`)
        .execute(db());
    } else {
      await sql
        .raw(`create trigger refuse_document before insert on documents when new.title = '${refused}' begin select raise(abort, 'refused'); end`)
        .execute(db());
    }
    try {
      const response = await server.api('POST', '/api/team-projects', {
        as: learner,
        body: { groupName, projectName: 'Never made', docTitle: refused },
      });
      expect(response.status).toBe(500);
    } finally {
      await sql`drop trigger refuse_document${sql.raw(server.domain.store.kind === 'postgres' ? ' on documents' : '')}`.execute(db());
      if (server.domain.store.kind === 'postgres') await sql`drop function refuse_document`.execute(db());
    }
    expect(await db().selectFrom('groups').select('id').where('name', '=', groupName).execute()).toEqual([]);
    expect(await db().selectFrom('projects').select('id').where('name', '=', 'Never made').execute()).toEqual([]);
    expect(await db().selectFrom('memberships').select('group_id').where('user_id', '=', learner.user.id).execute()).toEqual([]);
    expect(await db().selectFrom('events').select('id').where('actor_id', '=', learner.user.id).execute()).toEqual([]);
  });

  it('refuses missing, blank, too long or unknown fields with a clear error (400) and makes nothing', async () => {
    const learner = await server.createUser();
    for (const body of [
      {},
      { groupName: 'Team', projectName: '' },
      { groupName: ' ', projectName: 'Report' },
      { groupName: 'x'.repeat(121), projectName: 'Report' },
      { groupName: 'Team', projectName: 'Report', docTitle: 'x'.repeat(201) },
      { groupName: 'Team', projectName: 'Report', role: 'instructor' },
    ]) {
      const response = await server.api('POST', '/api/team-projects', { as: learner, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.message).toMatch(/\S/);
    }
    const blank = await server.api('POST', '/api/team-projects', { as: learner, body: { groupName: 'Team', projectName: '' } });
    expect(blank.body.error.fields).toEqual({ projectName: 'Required' });
    expect(await db().selectFrom('memberships').select('group_id').where('user_id', '=', learner.user.id).execute()).toEqual([]);
  });

  it('needs a session (401)', async () => {
    const response = await server.api('POST', '/api/team-projects', { body: { groupName: 'Team', projectName: 'Report' } });
    expect(response.status).toBe(401);
  });
});
