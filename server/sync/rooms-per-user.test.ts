import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../shared/close-codes';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { stockClientPool, waitFor } from './test-clients';

/**
 * One account may hold at most DOCS_PER_USER documents open on an instance,
 * so that it cannot load MAX_LOADED_DOCS documents and have everyone else's
 * refused: one more is closed with serverBusy, and others still get in.
 */
describe('documents open per account', () => {
  let server: TestServer;
  let mallory: TestUser;
  let alice: TestUser;
  const pool = stockClientPool();

  beforeAll(async () => {
    server = await startTestServer({ MAX_LOADED_DOCS: '3', DOCS_PER_USER: '2', DOC_UNLOAD_DELAY_MS: '600000' });
    [mallory, alice] = await server.createUsers('Mallory', 'Alice');
  });
  afterEach(async () => {
    pool.destroyAll();
    await waitFor('every connection to close', () => server.domain.sync.stats().connections === 0);
  });
  afterAll(async () => {
    await server?.close();
  });

  const newDoc = async () =>
    (
      await createTestDoc(server, [
        { member: mallory, role: 'member' },
        { member: alice, role: 'member' },
      ])
    ).docId;

  it('refuses one account a document past its cap with serverBusy, while another account still opens one', async () => {
    const docs = [await newDoc(), await newDoc(), await newDoc(), await newDoc()];
    const [first, second] = [pool.connect(server.url, docs[0]!, mallory), pool.connect(server.url, docs[1]!, mallory)];
    await Promise.all([first.synced, second.synced]);

    const third = pool.connect(server.url, docs[2]!, mallory);
    const refused = await Promise.race([third.closed, third.synced.then(() => null)]);
    expect(refused).toEqual({ code: closeCodes.serverBusy, reason: expect.stringContaining('documents open') });

    // A second tab of a document the account already has open is never refused.
    const again = pool.connect(server.url, docs[0]!, mallory);
    await again.synced;

    const other = pool.connect(server.url, docs[3]!, alice);
    const answer = await Promise.race([other.synced.then(() => 'synced'), other.closed]);
    expect(answer).toBe('synced');
    expect(server.domain.sync.stats().loadedDocs).toBe(3);
  });

  it('lets the account open another document once it closed one', async () => {
    const docs = [await newDoc(), await newDoc(), await newDoc()];
    const first = pool.connect(server.url, docs[0]!, mallory);
    const second = pool.connect(server.url, docs[1]!, mallory);
    await Promise.all([first.synced, second.synced]);
    first.destroy();
    await waitFor('the server to see the first document closed', () => !server.domain.sync.isOpenBy(docs[0]!, mallory.user.id));
    const third = pool.connect(server.url, docs[2]!, mallory);
    const answer = await Promise.race([third.synced.then(() => 'synced'), third.closed]);
    expect(answer).toBe('synced');
  });
});
