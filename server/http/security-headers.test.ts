import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeFixture } from '../features/test-routes';
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

/** The headers every response carries (README, "Accounts, sessions and security"). */
function expectSecurityHeaders(response: Response, what: string): void {
  const csp = directives(response.headers.get('content-security-policy'));
  expect(csp.get('default-src'), what).toEqual(["'self'"]);
  // No inline scripts: an injected <script> or on*= attribute does not run.
  expect(csp.get('script-src'), what).toEqual(["'self'"]);
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'self'"]);
  // Nobody may frame the app (clickjacking).
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(response.headers.get('x-frame-options'), what).toMatch(/^(DENY|SAMEORIGIN)$/);
}

/** The <script> tags of a page and its inline event handlers: a policy without 'unsafe-inline' needs every script in a file. */
function inlineScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  // A JSON data block (the build's list of each page's files) is never run, so the policy does not cover it.
  const problems = scripts
    .filter(([, attributes]) => !/^\s*type="application\/json"(\s|$)/.test(attributes!))
    .filter(([, attributes, body]) => !/\bsrc\s*=\s*["']\/[^/]/.test(attributes!) || body!.trim() !== '')
    .map(([tag]) => tag.slice(0, 80));
  const handlers = [...html.matchAll(/<[^>]*\son[a-z]+\s*=/gi)].map(([tag]) => tag.slice(0, 80));
  return [...problems, ...handlers];
}

describe('security headers', () => {
  let server: TestServer;
  const maxBodyBytes = 1024;
  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: String(maxBodyBytes) });
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
      expectSecurityHeaders(response, response.url);
      await response.body?.cancel();
    }
  });

  it('are on refusals, live streams and the built files too', async () => {
    const { params, users } = await routeFixture(server);
    const { cookie } = users.member;
    const json = { cookie, 'content-type': 'application/json' };
    const stream = new AbortController();
    const responses: [string, Response][] = [
      ['413', await fetch(`${server.url}/api/groups`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'x'.repeat(4 * maxBodyBytes) }) })],
      ['403 cross-site', await fetch(`${server.url}/api/groups`, { method: 'POST', headers: { ...json, origin: 'https://evil.test' }, body: '{}' })],
      ['socket without upgrade', await fetch(`${server.url}/ws/${params.docId}`, { headers: { cookie } })],
      ['live stream', await fetch(`${server.url}/api/docs/${params.docId}/threads/stream`, { headers: { cookie }, signal: stream.signal })],
    ];
    const page = await fetch(`${server.url}/`);
    const script = /<script[^>]*\ssrc="(\/[^"]+)"/.exec(await page.text())?.[1];
    // Built by `npm run build` (the e2e run, or npm start); without it the server says so (503).
    if (script) responses.push(['page', page], ['script', await fetch(server.url + script)]);
    for (const [what, response] of responses) {
      expect(response.status, what).toBeGreaterThanOrEqual(200);
      expectSecurityHeaders(response, what);
      if (what !== 'live stream' && !response.bodyUsed) await response.body?.cancel();
    }
    stream.abort();
  });

  it('go with a page that has no inline script, as served and as built from', async () => {
    const served = await fetch(`${server.url}/`);
    const html = await served.text();
    // Built: the served page itself; not built (a fresh clone), the server answers 503 and the source is what Vite builds from.
    if (served.status === 200) expect(inlineScripts(html), 'the served page').toEqual([]);
    else expect(served.status).toBe(503);
    const source = readFileSync(fileURLToPath(new URL('../../client/index.html', import.meta.url)), 'utf8');
    expect(source).toMatch(/<script type="module" src="\/src\/main.tsx"><\/script>/);
    expect(inlineScripts(source), 'client/index.html').toEqual([]);
    // The check sees what it is for.
    expect(inlineScripts('<script>alert(1)</script><img src=x onerror="alert(1)"><script src="https://cdn.test/x.js"></script>')).toHaveLength(3);
    expect(inlineScripts('<script type="module">alert(1)</script><script type="application/json" id="data">[1]</script>')).toHaveLength(1);
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
