import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

/** `Content-Security-Policy` as a map of directive -> sources. */
function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are on every kind of response: API, error, page', async () => {
    const user = await server.createUser();
    const responses = [
      await fetch(`${server.url}/api/health`),
      await fetch(`${server.url}/api/auth/me`, { headers: { cookie: user.cookie } }),
      await fetch(`${server.url}/api/auth/me`),
      await fetch(`${server.url}/api/no-such-route`),
      await fetch(`${server.url}/login`),
    ];
    expect(responses.map((response) => response.status).slice(0, 4)).toEqual([200, 200, 401, 404]);
    for (const response of responses) {
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      // No inline scripts: an injected <script> or on*= attribute does not run.
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      // Nobody may frame the app (clickjacking).
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
      await response.body?.cancel();
    }
  });

  it('leave out HSTS when the app is not served over https', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('security headers behind https', () => {
  it('include HSTS when APP_ORIGIN is https', async () => {
    const server = await startTestServer({ APP_ORIGIN: 'https://example.test' });
    try {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    } finally {
      await server.close();
    }
  });
});
