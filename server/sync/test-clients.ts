import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { apiErrorBody } from '../../shared/api-error';
import type { TestUser } from '../testing/test-server';

/**
 * Clients for the sync tests: the stock y-websocket provider (what browsers
 * run), and a raw socket for sending what no honest client would.
 */

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function socketUrl(serverUrl: string): string {
  return serverUrl.replace(/^http/, 'ws') + '/ws';
}

/** A `ws` WebSocket class that sends the member's session cookie, for the provider's WebSocketPolyfill. */
function webSocketFor(cookie: string, headers: Record<string, string> = {}) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, ...headers } });
    }
  };
}

export interface Closed {
  code: number;
  reason: string;
}

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The first close the server sent this client. */
  closed: Promise<Closed>;
  /** Resolves once the provider has synced with the server. */
  synced: Promise<void>;
  text(): string;
  destroy(): void;
}

/**
 * A stock `y-websocket` WebsocketProvider in Node: the server speaks the
 * y-websocket protocol, so any stock client must be able to connect. It
 * does not reconnect, so that a close the server sends is final and
 * observable; BroadcastChannel is off so that two clients in one process can
 * only meet through the server.
 */
export function connectStockClient(
  serverUrl: string,
  docId: string,
  member: TestUser,
  options: { doc?: Y.Doc; name?: string } = {},
): StockClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(socketUrl(serverUrl), docId, doc, {
    WebSocketPolyfill: webSocketFor(member.cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    shouldReconnect: () => false,
  });
  if (options.name) provider.awareness.setLocalStateField('user', { name: options.name, color: '#123456' });
  const closed = new Promise<Closed>((resolve) => {
    provider.on('connection-close', (event) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    });
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced) => isSynced && resolve());
  });
  let destroyed = false;
  return {
    doc,
    provider,
    closed,
    synced,
    text: () => doc.getText('t').toString(),
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      provider.destroy();
      doc.destroy();
    },
  };
}

export interface RawClient {
  socket: WebSocket;
  /** Binary messages received so far. */
  received: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<Closed>;
  /** The HTTP status and the error code of the body when the upgrade was refused. */
  refused: Promise<Refusal>;
  send(message: Uint8Array): void;
}

export interface Refusal {
  status: number;
  /** `error.code` of the JSON body, if it has one. */
  code: string | undefined;
}

function errorCodeOf(body: string): string | undefined {
  try {
    return apiErrorBody.safeParse(JSON.parse(body)).data?.error.code;
  } catch {
    // Not JSON at all.
    return undefined;
  }
}

/** A bare `ws` socket to /ws/:docId, for frames no honest client sends. */
export function connectRawClient(
  serverUrl: string,
  docId: string,
  member: TestUser | null,
  headers: Record<string, string> = {},
): RawClient {
  const socket = new WebSocket(`${socketUrl(serverUrl)}/${docId}`, {
    headers: { ...(member ? { cookie: member.cookie } : {}), ...headers },
  });
  const received: Uint8Array[] = [];
  socket.on('message', (data, isBinary) => {
    if (isBinary) received.push(new Uint8Array(data as Buffer));
  });
  // Ending a refused socket (below) reports an error: the refusal says what happened.
  socket.on('error', () => {});
  const refused = new Promise<Refusal>((resolve) => {
    // With this listener, `ws` hands over a refused upgrade's response instead of failing with its status.
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, code: errorCodeOf(body) });
        socket.terminate();
      });
    });
  });
  return {
    socket,
    received,
    opened: new Promise((resolve) => socket.once('open', () => resolve())),
    closed: new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    refused,
    send: (message) => socket.send(message),
  };
}

export type StockClientPool = ReturnType<typeof stockClientPool>;

/** The stock clients of one test file, destroyed together when it is done. */
export function stockClientPool() {
  const clients: StockClient[] = [];
  return {
    connect(...args: Parameters<typeof connectStockClient>): StockClient {
      const client = connectStockClient(...args);
      clients.push(client);
      return client;
    },
    destroyAll(): void {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}
