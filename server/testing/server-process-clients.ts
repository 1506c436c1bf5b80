import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { socketUrl } from '../sync/test-clients';

/**
 * Stock y-websocket clients for several server instances (server-process.ts):
 * each (re)connection goes to the instance `pick` names at that moment, as a
 * browser behind a load balancer reconnects to whichever instance is alive.
 *
 * Each client also counts what the server acknowledged of its own typing,
 * from the frames alone: a sync step 2 the server sends answers the client's
 * oldest unanswered step 1 on that socket, and the server sends it only once
 * everything it received before that step 1 is stored (docs/contract.md, the
 * sync socket). So every own edit the client had sent on the socket (as an
 * update, or in its own step 2) before a step 1 is acknowledged by the
 * answer to it.
 */
export interface InstanceClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** How many of its own Yjs clock ticks the server acknowledged as stored. */
  readonly acknowledged: number;
  /** Close codes the client received, in order. */
  readonly closes: number[];
  text(): string;
  destroy(): void;
}

export interface InstanceClientOptions {
  /** Send a step 1 this often, each answer acknowledging what was sent before it; off unless given. */
  resyncMs?: number;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
}

/** Message type bytes of the y-websocket protocol: [messageSync=0, step1=0 | step2=1 | update=2, ...]. */
const sync = 0;
const step1 = 0;
const step2 = 1;
const update = 2;

export function connectToInstances(
  docId: string,
  cookie: string,
  pick: () => { url: string },
  options: InstanceClientOptions = {},
): InstanceClient {
  // The provider's resync timer compares against the global WebSocket's OPEN, which Node 20 lacks.
  if (options.resyncMs && !('WebSocket' in globalThis)) Object.assign(globalThis, { WebSocket });
  const doc = new Y.Doc();
  let acknowledged = 0;
  const own = () => Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;

  class InstanceSocket extends WebSocket {
    /** Own clock ticks sent on this socket so far. */
    #sent = 0;
    /** For each step 1 sent and not yet answered: what had been sent before it. */
    readonly #probes: number[] = [];

    constructor(url: string | URL, protocols?: string | string[]) {
      // The provider keeps the URL it was given; each (re)connection goes to the instance picked now.
      const target = new URL(url.toString());
      target.host = new URL(socketUrl(pick().url)).host;
      super(target, protocols, { headers: { cookie } });
      this.on('message', (data: ArrayBuffer | Buffer, isBinary: boolean) => {
        // The provider asks for ArrayBuffers (binaryType), which `ws` hands to every listener.
        const bytes = new Uint8Array(data);
        if (!isBinary || bytes[0] !== sync || bytes[1] !== step2) return;
        const sent = this.#probes.shift();
        if (sent !== undefined) acknowledged = Math.max(acknowledged, sent);
      });
    }

    override send(data: Uint8Array, ...rest: unknown[]): void {
      if (data[0] === sync && data[1] === step1) this.#probes.push(this.#sent);
      else if (data[0] === sync && (data[1] === step2 || data[1] === update)) this.#sent = own();
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }

  const provider = new WebsocketProvider(socketUrl(pick().url), docId, doc, {
    WebSocketPolyfill: InstanceSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: options.maxBackoffMs ?? 200,
    resyncInterval: options.resyncMs ?? -1,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  let destroyed = false;
  return {
    doc,
    provider,
    get acknowledged() {
      return acknowledged;
    },
    closes,
    text: () => doc.getText('t').toString(),
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      provider.destroy();
      doc.destroy();
    },
  };
}
