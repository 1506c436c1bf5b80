import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'hono';
import type { WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../errors';

/**
 * WebSocket upgrades, answered by the app like any request: the upgrade
 * request goes through the Hono app (its middleware, its route's checks),
 * and only a route that calls `takeSocket` gets a socket; anything else the
 * app answers is written back as a plain HTTP response, body included, so a
 * refused client reads why (RFC 6455 section 4.1: any status but 101 ends
 * the handshake).
 *
 * Ours rather than @hono/node-server's `upgradeWebSocket`: its socket
 * handlers close over the upgrade's Hono context, so every open socket kept
 * the request alive (Node's IncomingMessage, Hono's Context, the fetch
 * Request and its headers), and each message was copied into an
 * ArrayBuffer and wrapped in a MessageEvent on its way in. Here the socket
 * keeps only what the route's callback holds.
 */

/** Hono's env for an upgrade request: Node's request (getConnInfo reads its socket) and the route's claim. */
export interface UpgradeEnv {
  incoming: IncomingMessage;
  /** Set by `takeSocket`: who gets the socket once the handshake completes. */
  onSocket?: (ws: WebSocket) => void;
}

type Fetch = (request: Request, env: UpgradeEnv) => Response | Promise<Response>;

/**
 * Called by a route that admits an upgrade request: once the app has
 * answered (its middleware may still add headers, such as a renewed session
 * cookie, which go into the 101 response), the handshake completes and
 * `onSocket` gets the socket.
 */
export function takeSocket(c: Context, onSocket: (ws: WebSocket) => void): Response {
  const env = c.env as Partial<UpgradeEnv> | undefined;
  if (!env?.incoming) throw new AppError('bad_request', 'This address only speaks WebSocket (the y-websocket protocol).');
  env.onSocket = onSocket;
  return new Response(null, { status: 200 });
}

/**
 * Answers `server`'s upgrade requests with `fetch`, completing those a route
 * took with `wss`. A fault in answering one (`failed` hears of it) costs
 * that client its connection, never the process.
 */
export function serveUpgrades(server: EventEmitter, fetch: Fetch, wss: WebSocketServer, failed: (error: unknown) => void): void {
  server.on('upgrade', (incoming: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(incoming, socket, head, { fetch, wss, failed }));
  server.on('close', () => wss.close());
}

/** Headers that frame a response on the connection: written here for a refusal, never copied from the app's answer. */
const framingHeaders = ['connection', 'content-length', 'keep-alive', 'transfer-encoding'];

/** Headers of the app's answer that the handshake writes itself, or that do not belong to a 101. */
const handshakeHeaders = new Set([...framingHeaders, 'content-type', 'upgrade', 'sec-websocket-accept', 'sec-websocket-extensions', 'sec-websocket-protocol']);
const refusalHeaders = new Set(framingHeaders);

async function upgrade(
  incoming: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  { fetch, wss, failed }: { fetch: Fetch; wss: WebSocketServer; failed: (error: unknown) => void },
): Promise<void> {
  // A client gone before the answer must not take the process with it.
  socket.on('error', ignore);
  const env: UpgradeEnv = { incoming };
  let response: Response;
  try {
    const request = requestOf(incoming);
    response = request ? await fetch(request, env) : new Response(null, { status: 400 });
  } catch (error) {
    failed(error);
    response = new Response(null, { status: 500 });
  }
  if (socket.destroyed) return;
  const { onSocket } = env;
  if (!onSocket || !response.ok) {
    await refuse(socket, response);
    return;
  }
  const extra: string[] = [];
  response.headers.forEach((value, name) => {
    if (!handshakeHeaders.has(name)) extra.push(`${name}: ${value}`);
  });
  const addHeaders = (headers: string[]) => headers.push(...extra);
  // ws emits 'headers' synchronously within handleUpgrade, and not at all when it refuses the handshake itself.
  wss.on('headers', addHeaders);
  try {
    wss.handleUpgrade(incoming, socket, head, (ws) => {
      socket.off('error', ignore);
      try {
        onSocket(ws);
      } catch (error) {
        failed(error);
        ws.terminate();
      }
    });
  } finally {
    wss.off('headers', addHeaders);
  }
}

/** The fetch Request the app sees for an upgrade, or null when its target is not a path on this server. */
function requestOf(incoming: IncomingMessage): Request | null {
  const target = incoming.url ?? '/';
  if (!target.startsWith('/')) return null;
  const tls = 'encrypted' in incoming.socket && incoming.socket.encrypted === true;
  try {
    const headers = new Headers();
    const raw = incoming.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    // The Host header only places the path for the app's routing; one that is no host is a bad request.
    return new Request(new URL(target, `${tls ? 'https' : 'http'}://${incoming.headers.host ?? 'localhost'}`), { headers });
  } catch {
    return null;
  }
}

async function refuse(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`, 'Connection: close', `Content-Length: ${body.byteLength}`];
  response.headers.forEach((value, name) => {
    if (!refusalHeaders.has(name)) lines.push(`${name}: ${value}`);
  });
  // Closed once written, whatever the client does: the server keeps its sockets half open (HTTP needs it), and a
  // client that never closed its side would otherwise hold this one for as long as it liked.
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]), () => socket.destroy());
}

function ignore(): void {}
