/**
 * For the sign-in tests: a browser's cookies and redirects, enough to walk
 * an OpenID Connect flow with fetch (app, provider, app again). Cookies are
 * kept per origin; paths and expiry beyond removal are not modelled.
 */
export class BrowserJar {
  readonly #cookies = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.#cookies.get(origin)?.get(name);
  }

  header(url: URL): string {
    return [...(this.#cookies.get(url.origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keep(url: URL, setCookies: string[]): void {
    const jar = this.#cookies.get(url.origin) ?? new Map<string, string>();
    this.#cookies.set(url.origin, jar);
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const removed = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (removed) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
  }

  /**
   * GETs `url` and follows redirects until one leads to an app page (not
   * `/api/`) of `appOrigin`, or `stopBefore` says to stop; returns that URL
   * without fetching it.
   */
  async follow(url: string | URL, appOrigin: string, stopBefore: (next: URL) => boolean = () => false): Promise<URL> {
    let current = new URL(url);
    for (let hop = 0; hop < 20; hop += 1) {
      const response = await fetch(current, { redirect: 'manual', headers: { cookie: this.header(current) } });
      this.keep(current, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new Error(`${current.href} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      }
      await response.body?.cancel();
      const next = new URL(location, current);
      if ((next.origin === appOrigin && !next.pathname.startsWith('/api/')) || stopBefore(next)) return next;
      current = next;
    }
    throw new Error('too many redirects');
  }
}
