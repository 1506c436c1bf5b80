import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { ServerUnderTest } from './servers';

/**
 * A client of the bench: a Y.Doc synced with one server through the provider
 * an editor would use with it (the stock y-websocket provider for
 * Commonplace and the classic server, HocuspocusProvider for Hocuspocus),
 * with an awareness user set as editors do, since awareness traffic is part
 * of what a server relays.
 */
export interface BenchClient {
  doc: Y.Doc;
  awareness: Awareness;
  /** Resolves once the first sync with the server is complete. */
  synced: Promise<void>;
  destroy(): void;
}

export interface ConnectOptions {
  /** The client's number in the scenario: names its awareness user and picks a session. */
  index: number;
  /** Set no awareness user (a client that only watches). */
  quiet?: boolean;
}

export function connectBenchClient(server: ServerUnderTest, docName: string, options: ConnectOptions): BenchClient {
  const doc = new Y.Doc();
  const client = server.protocol === 'hocuspocus' ? viaHocuspocus(server, docName, doc) : viaYWebsocket(server, docName, doc, options.index);
  if (!options.quiet) {
    client.awareness.setLocalStateField('user', { name: `Client ${options.index}`, color: colors[options.index % colors.length] });
  }
  return client;
}

const colors = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0'];

function viaYWebsocket(server: ServerUnderTest, docName: string, doc: Y.Doc, index: number): BenchClient {
  const cookie = server.cookieFor(index);
  const provider = new WebsocketProvider(server.socketUrl, docName, doc, {
    WebSocketPolyfill: withHeaders(cookie ? { cookie } : {}) as unknown as typeof globalThis.WebSocket,
    // Clients of one process must meet through the server, not a BroadcastChannel.
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    awareness: provider.awareness,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

function viaHocuspocus(server: ServerUnderTest, docName: string, doc: Y.Doc): BenchClient {
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  // One socket per client, as each browser tab has; Node 20 has no global WebSocket.
  const socket = new HocuspocusProviderWebsocket({ url: server.socketUrl, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: docName,
    document: doc,
    onSynced: ({ state }) => state && resolveSynced(),
  });
  // A provider given its socket does not attach itself.
  provider.attach();
  return {
    doc,
    awareness: provider.awareness!,
    synced,
    destroy: () => {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** A `ws` WebSocket class sending extra upgrade headers (a session cookie), for the provider's WebSocketPolyfill. */
function withHeaders(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}
