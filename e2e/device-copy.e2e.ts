import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { deviceCopyOf, editorText, openContext, openPage, useApp, waitForSyncStatus } from './harness';
import { writeLines } from './written-lines';

const app = useApp();

/** Counts the bytes a page sends and receives over its WebSockets, from now on. */
function countSocketBytes(page: Page): { sent: number; received: number } {
  const counts = { sent: 0, received: 0 };
  const size = (payload: string | Buffer) => (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => (counts.sent += size(payload)));
    socket.on('framereceived', ({ payload }) => (counts.received += size(payload)));
  });
  return counts;
}

describe('the device copy', () => {
  it('is in the document before the socket is heard: reopening a document sends and receives only what each side lacks', async () => {
    const [ana, ben] = await app.server.createUsers('Ana Writer', 'Ben Writer');
    const { docId } = await createTestDoc(app.server, [
      { member: ana, role: 'member' },
      { member: ben, role: 'member' },
    ]);
    const documentBytes = await writeLines(app.server, docId, [ana, ben], 120, (line) => `Line ${line} of a draft both of them wrote.`);

    // The first visit fetches the whole document and keeps it on the device.
    const context = await openContext(app, ana);
    const first = await openPage(context, `/docs/${docId}`);
    await waitForSyncStatus(first, 'saved');
    const deviceCopyBytes = async () => (await deviceCopyOf(first, ana, docId)).reduce((sum, update) => sum + update.byteLength, 0);
    await expect.poll(deviceCopyBytes, { timeout: 15_000 }).toBeGreaterThanOrEqual(documentBytes * 0.9);
    await first.close();

    // Opened again, the socket's first step 1 carries the device copy's state: the
    // server sends none of the document back, and the device copy does not go up.
    const again = await openPage(context, 'about:blank');
    const traffic = countSocketBytes(again);
    await again.goto(`/docs/${docId}`);
    await waitForSyncStatus(again, 'saved');
    expect(await editorText(again)).toContain('Line 119 of a draft both of them wrote.');
    expect(traffic.sent, `bytes sent, of a ${documentBytes}-byte document`).toBeLessThan(documentBytes / 10);
    expect(traffic.received, `bytes received, of a ${documentBytes}-byte document`).toBeLessThan(documentBytes / 10);
    await context.close();
  });
});
