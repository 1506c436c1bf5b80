import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { median, reportFigures } from '../testing/figures';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { encodeSyncStep1, messageType } from './protocol';
import type { SyncSocket } from './sync-server';
import { connectRawClient, stockClientPool, waitFor } from './test-clients';

/**
 * A fault: a client that completes the upgrade and the sync, then
 * never reads its socket again, while another member writes a lot. The
 * server must not queue every update for it: what it holds for that socket
 * stays near MAX_SOCKET_BUFFER_BYTES, the client is disconnected (closed as
 * tooSlow and its TCP connection dropped, which frees what was queued), and
 * a normal reader keeps receiving every update and converges.
 */
const limit = 256 * 1024;
/** Each edit inserts this many characters: one update message of a little more. */
const chunkChars = 4096;
/** Edits written per round; the reader must have them all before the next round. */
const editsPerRound = 8;
/** Far beyond what loopback TCP buffers plus the limit can hold: reaching it means the client was never cut off. */
const giveUpAfterBytes = 64 * 1024 * 1024;

let server: TestServer;
let writer: TestUser;
let reader: TestUser;
let idler: TestUser;
let docId: string;
const pool = stockClientPool();

beforeAll(async () => {
  server = await startTestServer({ MAX_SOCKET_BUFFER_BYTES: String(limit) });
  writer = await server.createUser('Writer');
  reader = await server.createUser('Reader');
  idler = await server.createUser('Idler');
  ({ docId } = await createTestDoc(server, [
    { member: writer, role: 'member' },
    { member: reader, role: 'member' },
    { member: idler, role: 'member' },
  ]));
});

afterAll(async () => {
  pool.destroyAll();
  await server.close();
});

/** What the server hands one member's socket, seen from inside the server: bytes sent, and the most ever queued. */
interface SocketWatch {
  bytesSent: number;
  largestMessage: number;
  maxBuffered: number;
  closedWith: number | null;
  /** Bytes queued for the socket right now. */
  readonly buffered: number;
}

/**
 * Watches the sockets the sync server accepts for `member`, by wrapping the
 * SyncSocket the HTTP layer hands it: a look inside, not a stand-in (the
 * real socket does the work).
 */
function watchSocketOf(member: TestUser): SocketWatch {
  const sync = server.domain.sync;
  const accept = sync.accept.bind(sync);
  let socket: SyncSocket | null = null;
  const watch: SocketWatch = {
    bytesSent: 0,
    largestMessage: 0,
    maxBuffered: 0,
    closedWith: null,
    get buffered() {
      return socket?.bufferedAmount ?? 0;
    },
  };
  sync.accept = (real, peer) => {
    if (peer.userId !== member.user.id) return accept(real, peer);
    socket = real;
    return accept(
      {
        send(message) {
          real.send(message);
          watch.bytesSent += message.byteLength;
          watch.largestMessage = Math.max(watch.largestMessage, message.byteLength);
          watch.maxBuffered = Math.max(watch.maxBuffered, real.bufferedAmount);
        },
        close(code, reason) {
          watch.closedWith = code;
          real.close(code, reason);
        },
        get bufferedAmount() {
          return real.bufferedAmount;
        },
      },
      peer,
    );
  };
  return watch;
}

describe('a client that never reads', () => {
  it('is cut off once its buffer passes the limit; the server holds no more than that for it, and others are unaffected', async () => {
    const watch = watchSocketOf(idler);
    const w = pool.connect(server.url, docId, writer);
    const r = pool.connect(server.url, docId, reader);
    await Promise.all([w.synced, r.synced]);

    // The idler upgrades, asks for the document and gets it (sync step 2)...
    const idle = connectRawClient(server.url, docId, idler);
    await idle.opened;
    idle.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await waitFor('the idler to be synced', () => idle.received.some((m) => m[0] === messageType.sync && m[1] === 1));
    // ...then stops reading: the kernel's buffers fill, then the server's.
    idle.socket.pause();
    const idleClosed = idle.closed;

    const text = w.doc.getText('t');
    const roundMs: number[] = [];
    let written = 0;
    let roundsAfterCutOff = 0;
    while (roundsAfterCutOff < 5) {
      if (watch.closedWith !== null) roundsAfterCutOff += 1;
      expect(written, 'the idler was never cut off').toBeLessThan(giveUpAfterBytes);
      const started = performance.now();
      for (let i = 0; i < editsPerRound; i++) {
        text.insert(text.length, String.fromCharCode(97 + ((written / chunkChars) % 26)).repeat(chunkChars));
        written += chunkChars;
      }
      const expected = text.length;
      await waitFor('the reader to receive the round', () => r.doc.getText('t').length === expected, 20_000);
      roundMs.push(performance.now() - started);
    }

    expect(watch.closedWith).toBe(closeCodes.tooSlow);
    // The server checks before each send: at most one message past the limit is ever queued.
    expect(watch.maxBuffered).toBeLessThanOrEqual(limit + watch.largestMessage);
    // Disconnected, not waiting on a closing handshake the idler will never read: what was queued is freed.
    await waitFor('the queued bytes to be freed', () => watch.buffered === 0, 5_000);
    expect(server.domain.sync.stats().connections).toBe(2);
    expect(r.text()).toBe(w.text());
    idle.socket.resume();
    await idleClosed;

    reportFigures('slow-client', {
      limitBytes: limit,
      bytesWrittenBeforeDisconnect: watch.bytesSent,
      maxBufferedBytes: watch.maxBuffered,
      writtenByWriterBytes: written,
      updatesReaderReceived: roundMs.length * editsPerRound,
      readerRoundMedianMs: Math.round(median(roundMs)),
      readerRoundMaxMs: Math.round(Math.max(...roundMs)),
    });
    // Megabytes pass through the kernel's buffers before the cut-off: a loaded machine needs more than the default 30 s.
  }, 120_000);
});
