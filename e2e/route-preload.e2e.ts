import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkedPages } from '../client/src/app/chunked-pages';
import { clientDist } from '../server/http/client-assets';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, useApp } from './harness';

/**
 * The opened page's own code is asked for while the app's code arrives: the
 * build writes each chunked page's files into index.html
 * (scripts/route-chunks.ts) and public/route-preload.js, in the head, adds
 * their preload links before the parser reaches the app's module script.
 */
const app = useApp();

function builtIndex(): { html: string; routes: [string, string[]][] } {
  const html = readFileSync(join(clientDist, 'index.html'), 'utf8');
  const block = /<script type="application\/json" id="route-chunks">([^<]*)<\/script>/.exec(html);
  if (!block) throw new Error('The built index.html has no route-chunks block.');
  return { html, routes: JSON.parse(block[1]!) as [string, string[]][] };
}

describe('preloading the opened page’s code', () => {
  it('the built index.html names, for every chunked page, its chunk and only files index.html does not load already', () => {
    const { html, routes } = builtIndex();
    expect(routes.map(([path]) => path).sort()).toEqual(Object.values(chunkedPages).map(({ path }) => path).sort());
    const loadedByIndex = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(loadedByIndex.length).toBeGreaterThan(0);
    for (const [, files] of routes) {
      for (const file of files) expect(loadedByIndex).not.toContain(file);
    }
    const documentFiles = new Map(routes).get(chunkedPages.document.path)!;
    expect(documentFiles.some((file) => /^\/assets\/document-page-[\w-]+\.js$/.test(file))).toBe(true);
  });

  it('loads Yjs (87 KB) only on the pages that read a live document, not on history or contributions', () => {
    const { routes } = builtIndex();
    // Yjs's own warning against a second copy of it, in its code since 13.x: what marks the file that holds it.
    const holdsYjs = (file: string) => readFileSync(join(clientDist, file), 'utf8').includes('Yjs was already imported');
    const files = new Map(routes);
    expect(files.get(chunkedPages.document.path)!.some(holdsYjs)).toBe(true);
    for (const page of [chunkedPages.history, chunkedPages.contributions, chunkedPages.groupContributions]) {
      expect(files.get(page.path)!.filter(holdsYjs), page.path).toEqual([]);
    }
  });

  it('a document opened in a new browser asks for the editor’s chunk before the app’s own script runs, and opens', async () => {
    const [ana] = await app.server.createUsers('Ana Preload');
    const { docId } = await createTestDoc(app.server, [{ member: ana!, role: 'member' }]);
    const context = await openContext(app, ana);
    try {
      const page = await openPage(context, `/docs/${docId}`);
      await expect.poll(() => editorOf(page).getAttribute('contenteditable'), { timeout: 15_000 }).toBe('true');
      // In the head's order: the preload, added while the head was parsed, comes before the app's module script.
      const order = await page.evaluate(() =>
        [...document.head.querySelectorAll('link[rel="modulepreload"], script[type="module"]')].map((element) =>
          element instanceof HTMLScriptElement ? 'app' : (element.getAttribute('href') ?? ''),
        ),
      );
      const editorChunk = order.findIndex((entry) => /\/assets\/document-page-[\w-]+\.js$/.test(entry));
      expect(editorChunk).toBeGreaterThanOrEqual(0);
      expect(editorChunk).toBeLessThan(order.indexOf('app'));
    } finally {
      await context.close();
    }
  });
});
