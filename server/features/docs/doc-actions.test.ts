import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/permissions';
import type { DocActions } from '../../../shared/schemas/projects';
import { newId } from '../../db/ids';
import { stockClientPool, waitFor } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { commentBody } from '../threads/test-feedback';

/**
 * A document's `can` is what the server then allows its reader: for each
 * role, every action offered succeeds and every action withheld is refused.
 * The editor page shows its toolbar, feedback tools and history actions from
 * these flags only.
 */
describe('what a document says its reader may do', () => {
  let server: TestServer;
  const pool = stockClientPool();

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => pool.destroyAll());
  afterAll(async () => {
    await server?.close();
  });

  const ok = (status: number) => status >= 200 && status < 300;

  /** Whether what `writer` types over the sync socket is kept: a client joining afterwards gets it. */
  async function keptFromSocket(docId: string, writer: TestUser, watcher: TestUser): Promise<boolean> {
    const typing = pool.connect(server.url, docId, writer);
    const watching = pool.connect(server.url, docId, watcher);
    await Promise.all([typing.synced, watching.synced]);
    const word = `w${newId()}`;
    typing.doc.getText('t').insert(0, word);
    // An awareness change after it on the same socket: once it is seen, the server has handled the update.
    typing.provider.awareness.setLocalStateField('marker', word);
    await waitFor('the marker', () => watching.provider.awareness.getStates().get(typing.doc.clientID)?.marker === word);
    // A client joining now gets everything committed.
    const joining = pool.connect(server.url, docId, watcher);
    await joining.synced;
    return joining.text().includes(word);
  }

  it.each<Role>(['instructor', 'member', 'reviewer'])('for the %s, every flag matches what the server allows', async (role) => {
    const [instructor, reader] = await server.createUsers('Ines', 'Reader');
    const { docId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member: reader, role },
    ]);
    const owner = instructor;
    // Something written and a version of it, to restore.
    expect(await keptFromSocket(docId, owner, owner)).toBe(true);
    const version = await server.api('POST', `/api/docs/${docId}/versions`, { as: owner, body: { name: 'Draft 1' } });
    expect(version.status).toBe(201);

    const { can } = (await server.api('GET', `/api/docs/${docId}`, { as: reader })).body.doc as { can: DocActions };
    const day = 24 * 60 * 60 * 1000;
    const attempts: Record<keyof DocActions, () => Promise<boolean>> = {
      edit: () => keptFromSocket(docId, reader, owner),
      rename: async () => ok((await server.api('PATCH', `/api/docs/${docId}`, { as: reader, body: { title: 'Renamed' } })).status),
      giveFeedback: async () => ok((await server.api('POST', `/api/docs/${docId}/threads`, { as: reader, body: commentBody() })).status),
      viewContributions: async () => ok((await server.api('GET', `/api/docs/${docId}/contributions`, { as: reader })).status),
      nameVersions: async () => ok((await server.api('POST', `/api/docs/${docId}/versions`, { as: reader, body: { name: 'Mine' } })).status),
      scheduleVersions: async () =>
        ok((await server.api('POST', `/api/docs/${docId}/versions`, { as: reader, body: { name: 'Deadline', at: Date.now() + day } })).status),
      restoreVersions: async () =>
        ok((await server.api('POST', `/api/docs/${docId}/versions/${version.body.version.id}/restore`, { as: reader })).status),
    };
    for (const [action, attempt] of Object.entries(attempts)) {
      expect(await attempt(), `${role}: ${action}`).toBe(can[action as keyof DocActions]);
    }
    // Each action is someone's: no role is offered everything or nothing but reading.
    expect(Object.values(can).some(Boolean)).toBe(true);
  });
});
