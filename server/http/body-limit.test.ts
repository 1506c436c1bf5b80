import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

/** One request over `agent`, answered with its status and its Connection header. */
function post(server: TestServer, agent: Agent, body: Buffer): Promise<{ status: number; connection: string | undefined }> {
  const url = new URL('/api/auth/login', server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, origin: server.url } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a body over the limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: '1024' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('is answered 413 with Connection: close, so the client’s next request goes out on a fresh connection and succeeds', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await post(server, agent, Buffer.from(JSON.stringify({ email: 'x'.repeat(64 * 1024), password: 'p' })));
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe('close');
      const next = await post(server, agent, Buffer.from(JSON.stringify({ email: 'nobody@example.test', password: 'a long enough password' })));
      expect(next.status).toBe(401);
    } finally {
      agent.destroy();
    }
  });
});
