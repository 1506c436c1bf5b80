import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import type { Page } from 'playwright-core';
import { openContext, useApp, watchPolicy } from './harness';
import { writeLines } from './written-lines';

/**
 * The app's own code lives within its Content-Security-Policy: opening its
 * pages trips no rule. A refused eval throws inside the library that tried
 * it and is often swallowed there, so no error shows; the page still fires
 * a `securitypolicyviolation` event, which watchPolicy hears from the first
 * script of every page on.
 */
const app = useApp();

describe('the Content-Security-Policy', () => {
  it('is never tripped by the app: home, a document, its history and the group’s contributions', async () => {
    const [ana, ben] = await app.server.createUsers('Ana Policy', 'Ben Policy');
    const { docId, groupId } = await createTestDoc(app.server, [
      { member: ana!, role: 'instructor' },
      { member: ben!, role: 'member' },
    ]);
    await writeLines(app.server, docId, [ana!, ben!], 3, (line) => `Line ${line} under the policy.`);
    const context = await openContext(app, ana);
    type Shown = (page: Page) => Promise<void>;
    const pages: { path: string; shown: Shown }[] = [
      { path: '/', shown: (page) => page.locator('.group-card .doc-link').first().waitFor() },
      { path: `/docs/${docId}`, shown: (page) => page.locator('.ProseMirror[contenteditable="true"]', { hasText: 'Line 2 under the policy.' }).waitFor() },
      { path: `/docs/${docId}/history`, shown: (page) => page.locator('.history-paper').waitFor() },
      { path: `/groups/${groupId}/contributions`, shown: (page) => page.locator('table.figures tr[data-user-id]').first().waitFor() },
    ];
    try {
      // Each page twice: from the server, then from the service worker's copy.
      for (const { path, shown } of [...pages, ...pages]) {
        // Not openPage, which fails the file on any violation: each page here is made to trip one on purpose.
        const page = await context.newPage();
        const violations: string[] = [];
        await watchPolicy(page, (violation) => violations.push(violation));
        await page.goto(path);
        await shown(page);
        expect(violations, path).toEqual([]);
        // The policy was in force, and the record works: an image from elsewhere is refused and recorded.
        await page.evaluate(() => {
          new Image().src = 'https://elsewhere.invalid/pixel.png';
        });
        await expect.poll(() => violations.some((entry) => entry.startsWith('img-src'))).toBe(true);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});
