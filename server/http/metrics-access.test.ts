import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMetricsToken } from '../testing/server-metrics';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('/metrics', () => {
  let withToken: TestServer;
  let withoutToken: TestServer;
  beforeAll(async () => {
    withToken = await startTestServer();
    // The tests configure a token by default; this server has none, as a deployment that scrapes nothing.
    withoutToken = await startTestServer({ METRICS_TOKEN: undefined as unknown as string });
  });
  afterAll(async () => {
    await Promise.all([withToken.close(), withoutToken.close()]);
  });

  const get = (server: TestServer, authorization?: string) =>
    fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it('is not served at all without a configured token', async () => {
    expect((await get(withoutToken)).status).toBe(404);
    expect((await get(withoutToken, `Bearer ${testMetricsToken}`)).status).toBe(404);
  });

  it('asks for the token as a bearer token, and refuses a wrong or partial one', async () => {
    expect((await get(withToken)).status).toBe(401);
    expect((await get(withToken, 'Bearer wrong-token-of-some-length')).status).toBe(401);
    expect((await get(withToken, `Bearer ${testMetricsToken.slice(0, -1)}`)).status).toBe(401);
    expect((await get(withToken, testMetricsToken)).status).toBe(401);
    const answer = await get(withToken, `Bearer ${testMetricsToken}`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('process_resident_memory_bytes');
  });
});
