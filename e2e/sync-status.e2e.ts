import 'fake-indexeddb/auto';
import WS from 'ws';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { editsKeptOnDevice, hasUnsavedEdits, syncStatus, type SyncState, type SyncStatus } from '../client/src/doc/sync-state';
import { SyncTracker } from '../client/src/doc/sync-tracker';
import { createTestDoc, type TestUser } from '../server/testing/test-server';
import { useServer } from './harness';

/**
 * The sync indicator's tracker against the real server: "saved" only once
 * the server holds the edit, "saving" the moment an edit exists only here,
 * offline edits kept in IndexedDB and sent when the network returns.
 */
const app = useServer();
beforeAll(() => {
  // The browser globals the tracker uses, in Node (a jsdom environment would
  // also wrap the in-process server's ArrayBuffers): network events and state.
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('navigator', { onLine: true });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** A browser-like socket that carries the user's session cookie (jsdom's own cannot set it). */
function socketFor(user: TestUser): typeof WebSocket {
  return class extends WS {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: user.cookie } });
    }
  } as unknown as typeof WebSocket;
}

function open(user: TestUser, docId: string) {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(`test:${user.user.id}:${docId}:${Math.random()}`, doc);
  const provider = new WebsocketProvider(app.server.url.replace(/^http/, 'ws') + '/ws', docId, doc, {
    WebSocketPolyfill: socketFor(user),
    disableBc: true,
  });
  const tracker = new SyncTracker(provider, doc, persistence, () => {});
  const close = () => {
    tracker.destroy();
    provider.destroy();
    void persistence.destroy();
    doc.destroy();
  };
  return { doc, provider, persistence, tracker, close };
}

/** Resolves when `check` holds for the tracker's state (checked now and on every change). */
function until(tracker: SyncTracker, check: (state: SyncState) => boolean, what: string): Promise<SyncState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what}; state: ${JSON.stringify(tracker.getSnapshot())}`));
    }, 10_000);
    const test = () => {
      const state = tracker.getSnapshot();
      if (!check(state)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    };
    const stop = tracker.subscribe(test);
    test();
  });
}
const status = (tracker: SyncTracker, wanted: SyncStatus) => until(tracker, (s) => syncStatus(s) === wanted, wanted);

/** What a fresh client with no local copy receives from the server. */
async function serverText(user: TestUser, docId: string): Promise<string> {
  const reader = open(user, docId);
  try {
    await status(reader.tracker, 'saved');
    return reader.doc.getXmlFragment('default').toString();
  } finally {
    reader.close();
  }
}

const paragraph = (text: string) => {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
};

describe('SyncTracker with the real server', () => {
  it('says saving as soon as an edit exists only here, and saved only once the server has it', async () => {
    const writer = await app.server.createUser('Writer');
    const { docId } = await createTestDoc(app.server, [{ member: writer, role: 'member' }]);
    const client = open(writer, docId);
    await status(client.tracker, 'saved');

    client.doc.getXmlFragment('default').insert(0, [paragraph('first words')]);
    expect(syncStatus(client.tracker.getSnapshot())).toBe('saving');
    await status(client.tracker, 'saved');
    expect(await serverText(writer, docId)).toContain('first words');
    client.close();
  });

  it('asks the server about the device copy at once, before any timer: the page’s work after opening does not hold the question back', async () => {
    const writer = await app.server.createUser('Returning writer');
    const { docId } = await createTestDoc(app.server, [{ member: writer, role: 'member' }]);
    const client = open(writer, docId);
    await status(client.tracker, 'saved');
    // What the socket sends from now on, by the sync protocol's message type (0: step 1, a probe; 2: an update).
    const sent: number[] = [];
    const socket = client.provider.ws!;
    const send = socket.send.bind(socket);
    socket.send = (data: Parameters<WebSocket['send']>[0]) => {
      const bytes = data as Uint8Array;
      if (bytes[0] === 0) sent.push(bytes[1]!);
      send(data);
    };

    // The device copy loads with text the server has not had yet (y-indexeddb applies it with itself as origin).
    client.doc.transact(() => client.doc.getXmlFragment('default').insert(0, [paragraph('kept on this device')]), client.persistence);
    // A timer would wait behind whatever the page does next (building the editor); microtasks run first.
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    await Promise.resolve();
    expect(timerRan).toBe(false);
    // The update first, then the probe that asks whether the server holds it.
    expect(sent).toEqual([2, 0]);
    await status(client.tracker, 'saved');
    expect(await serverText(writer, docId)).toContain('kept on this device');
    client.close();
  });

  it('keeps offline edits on the device, then sends them and says saved when back online', async () => {
    const writer = await app.server.createUser('Traveller');
    const { docId } = await createTestDoc(app.server, [{ member: writer, role: 'member' }]);
    const client = open(writer, docId);
    await status(client.tracker, 'saved');

    window.dispatchEvent(new Event('offline'));
    expect(syncStatus(client.tracker.getSnapshot())).toBe('offline');
    client.doc.getXmlFragment('default').insert(0, [paragraph('written at sea')]);
    const offline = await until(client.tracker, editsKeptOnDevice, 'the edit to be kept on the device');
    expect(syncStatus(offline)).toBe('offline');
    expect(hasUnsavedEdits(offline)).toBe(true);
    expect(await serverText(writer, docId)).not.toContain('written at sea');

    window.dispatchEvent(new Event('online'));
    await status(client.tracker, 'saved');
    expect(hasUnsavedEdits(client.tracker.getSnapshot())).toBe(false);
    expect(await serverText(writer, docId)).toContain('written at sea');
    client.close();
  });

  it('a reviewer’s copy is saved (nothing of theirs is pending) although the server drops what they send', async () => {
    const author = await app.server.createUser('Author');
    const reviewer = await app.server.createUser('Reviewer');
    const { docId } = await createTestDoc(app.server, [
      { member: author, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    const writing = open(author, docId);
    writing.doc.getXmlFragment('default').insert(0, [paragraph('for review')]);
    await status(writing.tracker, 'saved');
    const reading = open(reviewer, docId);
    await status(reading.tracker, 'saved');
    expect(reading.doc.getXmlFragment('default').toString()).toContain('for review');
    writing.close();
    reading.close();
  });
});
