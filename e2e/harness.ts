import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { sessionHintKey } from '../client/src/auth/session-hint';
import { deviceStoreName } from '../client/src/doc/collaboration-session';
import { clientDist } from '../server/http/client-assets';
import { sessionCookieName } from '../server/http/session-cookie';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../server/testing/test-server';

export const screenshotDir = join(import.meta.dirname, 'screenshots');

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface App {
  server: TestServer;
  browser: Browser;
}

/** Uncaught page errors, server errors and CSP violations seen by any page of this file. */
const pageProblems: string[] = [];

/** What a hook started, or a clear error when a test file reads it outside its tests and hooks. */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The ${what} starts in beforeAll: use it inside a test or a hook, not at the top of the file.`);
  return value;
}

/**
 * This file's own real server (temp SQLite, port 0), for tests that need
 * no browser: started before the file's tests and closed after them; `env`
 * adds to the server's configuration. Call it once, at the top of the file
 * (`const app = useServer()`).
 */
export function useServer(env: Record<string, string> = {}): { readonly server: TestServer } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(env);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      return started(server, 'server');
    },
  };
}

/**
 * This file's app: a real server serving the built client, and one browser
 * in which each person gets a context of their own (openContext). Call it
 * once, at the top of the file (`const app = useApp()`): it starts both
 * before the file's tests and closes them after, and then fails the file if
 * any page threw or broke the Content-Security-Policy. The e2e config runs
 * files one at a time, so one browser runs at a time. `env` may be a function,
 * read as the server starts: for settings known only then, such as the
 * address of a counterpart a `beforeAll` registered before this call started.
 */
export function useApp(env: Record<string, string> | (() => Record<string, string>) = {}): App {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(join(clientDist, 'index.html'))) {
      throw new Error('The client is not built: run `npm run e2e` (it builds first) or `npm run build`.');
    }
    server = await startTestServer(typeof env === 'function' ? env() : env);
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Chromium builds the address bar's suggestion popup (a WebUI page) for every new tab, even headless:
        // over a second of processor time per tab, taken from the pages under test on a small machine.
        '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
      ],
    });
  });
  // One hook closes both, so that the server closes even when the browser fails to.
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.close();
    }
    const problems = pageProblems.splice(0);
    if (problems.length > 0) throw new Error(`Problems in the pages:\n${problems.join('\n')}`);
  });
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

/**
 * A browser context of its own per person (own cookies, IndexedDB, service
 * worker), signed in as `as` when given. `options` adds to Playwright's
 * (xss.e2e.ts sets `bypassCSP` to test the app's escaping without the policy).
 */
export async function openContext(
  app: App,
  as?: TestUser,
  viewport = { width: 1200, height: 750 },
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  // Signed in, the device also holds the hint that signing in leaves (client/src/auth/session-hint.ts).
  const storageState = as ? { cookies: [], origins: [{ origin: app.server.url, localStorage: [{ name: sessionHintKey, value: '1' }] }] } : undefined;
  const context = await app.browser.newContext({ storageState, ...options, viewport, baseURL: app.server.url });
  if (as) {
    const token = as.cookie.slice(`${sessionCookieName}=`.length);
    await context.addCookies([{ name: sessionCookieName, value: token, url: app.server.url, httpOnly: true, sameSite: 'Lax' }]);
  }
  return context;
}

/**
 * A new tab of `context` at `path`, watched until the file ends: an uncaught
 * error, a server error answering it, or a Content-Security-Policy
 * violation in it fails the file (useApp).
 */
export async function openPage(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 500) pageProblems.push(`server error: ${response.status()} for ${response.request().method()} ${response.url()}`);
  });
  await watchPolicy(page, (violation) => pageProblems.push(`CSP violation: ${violation}`));
  await page.goto(path);
  return page;
}

const violationMark = 'CSP violation:';

/**
 * Calls `heard` with every Content-Security-Policy violation in each document
 * `page` loads from now on ("img-src (https://…) at <script>:<line>"). Call
 * it before the page navigates.
 */
export async function watchPolicy(page: Page, heard: (violation: string) => void): Promise<void> {
  await page.addInitScript(reportPolicyViolations, violationMark);
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && text.startsWith(violationMark)) heard(text.slice(violationMark.length + 1));
  });
}

/**
 * Runs in each document of a watched page, before its own scripts: writes
 * every `securitypolicyviolation` to the console, where watchPolicy hears it.
 * Chromium's own console message is not enough: a refused eval that the code
 * catches (as libraries that probe for eval do) logs nothing, yet fires the
 * event. Sent as source text, so it names nothing from outside but `mark`.
 */
function reportPolicyViolations(mark: string): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`${mark} ${event.effectiveDirective} (${event.blockedURI || event.sample}) at ${event.sourceFile}:${event.lineNumber}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
}

/** The document editor: Tiptap's `.ProseMirror` element, the one place the document's text is shown and edited. */
export const editorOf = (page: Page) => page.locator('.ProseMirror');

/** The document's text, one line per non-empty block, without other people's caret labels or feedback widgets. */
export async function editorText(page: Page): Promise<string> {
  return editorOf(page).evaluate((editor) =>
    [...editor.querySelectorAll('p, h1, h2, h3, li > p, pre')]
      .map((block) => {
        const copy = block.cloneNode(true) as HTMLElement;
        // Others' carets and suggested insertions are decorations, not text of the document.
        copy.querySelectorAll('.collaboration-carets__caret, .suggestion-insertion').forEach((decoration) => decoration.remove());
        return copy.textContent ?? '';
      })
      .filter((line) => line.trim() !== '')
      .join('\n')
      .trim(),
  );
}

/** Waits until the editor shows `text` somewhere. */
export async function waitForText(page: Page, text: string): Promise<void> {
  await editorOf(page).filter({ hasText: text }).waitFor();
}

/** Waits until the sync indicator shows `status` (data-sync-status). */
export async function waitForSyncStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-sync-status="${status}"]`).waitFor();
}

/** Puts the caret at the end of the document and types like a person. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await editorOf(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The updates of `member`'s device copy of a document (its y-indexeddb store), read in `page`. */
export async function deviceCopyOf(page: Page, member: TestUser, docId: string): Promise<Uint8Array[]> {
  const updates = await page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const opening = indexedDB.open(name);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const reading = opening.result.transaction('updates', 'readonly').objectStore('updates').getAll();
          reading.onerror = () => reject(reading.error);
          reading.onsuccess = () => {
            opening.result.close();
            resolve((reading.result as Uint8Array[]).map((update) => [...update]));
          };
        };
      }),
    deviceStoreName(member.user.id, docId),
  );
  return updates.map((update) => new Uint8Array(update));
}

/**
 * Waits until `page` would open `docId` again without a network: the
 * service worker controls it and has cached the API answers the document
 * page reads first (who is signed in, and the document's details).
 */
export async function waitUntilOpensOffline(page: Page, docId: string): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
  });
  const cached = () =>
    page.evaluate(async (id) => {
      const cache = await caches.open('commonplace-api');
      return Boolean((await cache.match('/api/auth/me')) && (await cache.match(`/api/docs/${id}`)));
    }, docId);
  await expect.poll(cached, { timeout: 15_000 }).toBe(true);
}

/** One person with the document open in a browser context of their own. */
export interface Writer {
  user: TestUser;
  context: BrowserContext;
  page: Page;
}

/** Two new members of a new group, each with its document open in their own context; the first one's copy is saved. */
export async function twoWriters(app: App, names: [string, string]): Promise<{ docId: string; first: Writer; second: Writer }> {
  const users = await app.server.createUsers(...names);
  const { docId } = await createTestDoc(
    app.server,
    users.map((member) => ({ member, role: 'member' as const })),
  );
  const writers: Writer[] = [];
  for (const user of users) {
    const context = await openContext(app, user);
    writers.push({ user, context, page: await openPage(context, `/docs/${docId}`) });
  }
  await waitForSyncStatus(writers[0]!.page, 'saved');
  return { docId, first: writers[0]!, second: writers[1]! };
}

/**
 * Selects the first occurrence of `text` in the editor by dragging the mouse
 * over it, as a person would (this works in a read-only editor too). The
 * text may run across several text nodes (formatting, highlights).
 */
export async function selectText(page: Page, text: string): Promise<void> {
  const points = await editorOf(page).evaluate((editor, wanted) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT, {
      // Carets and suggested insertions are decorations, not the document's text.
      acceptNode: (node) =>
        node.parentElement?.closest('.collaboration-carets__caret, .suggestion-insertion') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const all = nodes.map((node) => node.data).join('');
    const at = all.indexOf(wanted);
    if (at === -1) return null;
    /** The text node and offset of character `index` of the concatenated text. */
    const locate = (index: number): [Text, number] => {
      let offset = index;
      for (const node of nodes) {
        if (offset < node.data.length) return [node, offset];
        offset -= node.data.length;
      }
      throw new Error('out of range');
    };
    const box = (index: number) => {
      const [node, offset] = locate(index);
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getBoundingClientRect();
    };
    const first = box(at);
    const last = box(at + wanted.length - 1);
    return { start: { x: first.left + 1, y: first.top + first.height / 2 }, end: { x: last.right - 1, y: last.top + last.height / 2 } };
  }, text);
  if (!points) throw new Error(`"${text}" is not in the editor`);
  await page.mouse.move(points.start.x, points.start.y);
  await page.mouse.down();
  await page.mouse.move(points.end.x, points.end.y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction((wanted) => window.getSelection()?.toString() === wanted, text);
}
