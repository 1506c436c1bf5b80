import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../server/sync/protocol';
import { connectRawClient, connectStockClient, waitFor } from '../server/sync/test-clients';
import {
  deviceCopyOf,
  editorText,
  openContext,
  openPage,
  typeAtEnd,
  twoWriters,
  useApp,
  waitForSyncStatus,
  waitForText,
  waitUntilOpensOffline,
} from './harness';

const app = useApp();

describe('a client id taken while its writer is offline', () => {
  it('moves what was typed offline to a fresh id: nothing is lost, and everyone converges', async () => {
    const { docId, first, second } = await twoWriters(app, ['Mary Kingsley', 'Gertrude Bell']);
    const { user: writer, context: writerContext, page: writerPage } = first;
    const { user: other, page: otherPage } = second;
    await typeAtEnd(writerPage, 'Written online.');
    await waitForText(otherPage, 'Written online.');
    await waitUntilOpensOffline(writerPage, docId);

    // Reopened offline: the page writes under a client id it has not announced to anyone yet.
    await writerContext.setOffline(true);
    await waitForSyncStatus(writerPage, 'offline');
    await writerPage.reload();
    await waitForText(writerPage, 'Written online.');
    await typeAtEnd(writerPage, ' Typed offline after a reload.');
    await writerPage.getByText('Offline · changes kept on this device').waitFor();

    // The client id the device copy writes under beyond what the server holds.
    const deviceCopy = await deviceCopyOf(writerPage, writer, docId);
    const device = new Y.Doc();
    for (const update of deviceCopy) Y.applyUpdate(device, update);
    const onServer = connectStockClient(app.server.url, docId, other);
    await onServer.synced;
    const serverState = Y.decodeStateVector(Y.encodeStateVector(onServer.doc));
    const offlineIds = [...Y.decodeStateVector(Y.encodeStateVector(device))].filter(([client, clock]) => clock > (serverState.get(client) ?? 0));
    expect(offlineIds).toHaveLength(1);
    const [taken] = offlineIds[0]!;

    // Someone else writes one character under that id first.
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, Y.encodeStateAsUpdate(onServer.doc));
    squatter.clientID = taken;
    const before = Y.encodeStateVector(squatter);
    const paragraph = squatter.getXmlFragment('default').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, '#');
    const raw = connectRawClient(app.server.url, docId, other);
    await raw.opened;
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(squatter, before)));
    await waitFor('the character to be stored', () => onServer.doc.getXmlFragment('default').toString().includes('#Written'));
    onServer.destroy();
    raw.socket.close();

    // Back online: refused once under the taken id, the page moves its edits and saves them.
    await writerContext.setOffline(false);
    await waitForText(otherPage, 'Typed offline after a reload.');
    await waitForSyncStatus(writerPage, 'saved');
    const expected = '#Written online. Typed offline after a reload.';
    await expect.poll(() => editorText(writerPage)).toBe(expected);
    await expect.poll(() => editorText(otherPage)).toBe(expected);
    // Nothing alarming was shown.
    expect(await writerPage.locator('[data-sync-status="stopped"]').count()).toBe(0);

    // Stored: a fresh device loads the same text; and the writer goes on typing under the fresh id.
    const fresh = await openPage(await openContext(app, other), `/docs/${docId}`);
    await waitForSyncStatus(fresh, 'saved');
    expect(await editorText(fresh)).toBe(expected);
    await typeAtEnd(writerPage, ' And more.');
    await waitForText(otherPage, 'And more.');
    await waitForSyncStatus(writerPage, 'saved');
  });
});
