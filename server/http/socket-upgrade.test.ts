import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { refusedUpgrade } from '../testing/refused-upgrade';
import { serveUpgrades, takeSocket } from './socket-upgrade';

/** The upgrade listener on a real HTTP server at port 0, with a small app in front of it. */
let server: Server;
let base: string;
const requestsSeen: WeakRef<IncomingMessage>[] = [];
const received: string[] = [];
const failures: unknown[] = [];

beforeAll(async () => {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('X-Answered-By', 'the app');
  });
  app.get('/echo', (c) => {
    requestsSeen.push(new WeakRef((c.env as { incoming: IncomingMessage }).incoming));
    return takeSocket(c, (ws) =>
      ws.on('message', (data) => {
        received.push(String(data));
        ws.send(data);
      }),
    );
  });
  app.get('/faulty', (c) =>
    takeSocket(c, () => {
      throw new Error('no connection for this socket');
    }),
  );
  app.get('/refuse', (c) => c.json({ error: { code: 'not_found', message: 'No such room.' } }, 404));
  const wss = new WebSocketServer({ noServer: true });
  server = createServer((_req, res) => res.end());
  serveUpgrades(server, app.fetch, wss, (error) => failures.push(error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('serveUpgrades', () => {
  it('completes the handshake of a route that takes the socket, with the app’s headers, and the socket then carries messages', async () => {
    const ws = new WebSocket(`ws://${base}/echo`);
    const upgraded = new Promise<IncomingMessage>((resolve) => ws.once('upgrade', resolve));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect((await upgraded).headers['x-answered-by']).toBe('the app');
    const echoed = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('hello');
    expect(await echoed).toBe('hello');
    expect(received).toContain('hello');
    ws.close();
  });

  it('writes any other answer back as an HTTP response, body included', async () => {
    const refused = await refusedUpgrade(`http://${base}/refuse`);
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'not_found', message: 'No such room.' } });
    expect((await refusedUpgrade(`http://${base}/nowhere`)).status).toBe(404);
  });

  it('closes a refused socket once the answer is written, even when the client keeps its side open', async () => {
    const [host, port] = base.split(':');
    const client = connect({ host, port: Number(port), allowHalfOpen: true });
    let answer = '';
    client.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    client.write('GET /refuse HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await new Promise((resolve) => client.once('end', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    const open = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    while ((await open()) > 0) await new Promise((resolve) => setImmediate(resolve));
    expect(client.destroyed).toBe(false);
    client.destroy();
  });

  it('answers 400 to a target that is not a path, or a Host that names no host', async () => {
    expect((await refusedUpgrade(`http://${base}/echo`, { Host: 'bad host name' })).status).toBe(400);
    const [host, port] = base.split(':');
    expect((await refusedUpgrade({ host, port: Number(port), path: 'http://elsewhere.example/echo' })).status).toBe(400);
  });

  it('drops the socket of a route whose callback fails, reports the fault, and goes on serving', async () => {
    const ws = new WebSocket(`ws://${base}/faulty`);
    ws.on('error', () => {});
    const closed = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(closed).toBe(1006);
    expect(failures.map(String)).toEqual(['Error: no connection for this socket']);
    const other = new WebSocket(`ws://${base}/echo`);
    await new Promise((resolve) => other.once('open', resolve));
    other.close();
  });

  it('keeps nothing of the upgrade request alive while the socket is open', async () => {
    const gc = collector();
    const ws = new WebSocket(`ws://${base}/echo`);
    await new Promise((resolve) => ws.once('open', resolve));
    const echoed = new Promise((resolve) => ws.once('message', resolve));
    ws.send('still here');
    await echoed;
    const seen = requestsSeen.at(-1)!;
    // A WeakRef holds its target until the task that made or read it ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(seen.deref()).toBeUndefined();
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

/** V8's garbage collector, callable: the flag lets a new context see `gc`. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
