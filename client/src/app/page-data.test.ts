// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../api/queries';
import { sessionHintKey } from '../auth/session-hint';
import { openDocumentAhead, pageChunks, prefetchOnLinkIntent, prefetchPage } from './page-data';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

/** Answers every request with `body` and records the paths asked for. */
function serve(body: unknown) {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      asked.push(path);
      return json(body);
    }),
  );
  return asked;
}

// Signed in on this device, unless a test says otherwise.
beforeEach(() => localStorage.setItem(sessionHintKey, '1'));

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
  localStorage.clear();
});

describe('page data started before the page asks', () => {
  it('asks for nothing on a device without a session, where every read would be refused', async () => {
    localStorage.removeItem(sessionHintKey);
    const asked = serve({ groups: [], moreGroups: false });
    const queryClient = new QueryClient();
    prefetchPage(queryClient, '/');
    prefetchPage(queryClient, '/docs/d0c1d');
    openDocumentAhead(queryClient, '/docs/d0c1d');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual([]);
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
  });

  it('asks for the home overview once, however often the pointer crosses a link home', async () => {
    const asked = serve({ groups: [], moreGroups: false });
    const queryClient = new QueryClient();
    const stop = prefetchOnLinkIntent(queryClient);
    document.body.innerHTML = '<a href="/"><span>Home</span></a>';
    const inner = document.querySelector('span')!;
    inner.dispatchEvent(new Event('pointerover', { bubbles: true }));
    inner.dispatchEvent(new Event('pointerover', { bubbles: true }));
    await vi.waitFor(() => expect(queryClient.getQueryData(['groups', 'overview'])).toEqual({ groups: [], moreGroups: false }));
    document.querySelector('a')!.dispatchEvent(new Event('focusin', { bubbles: true }));
    expect(asked).toEqual(['/api/home']);
    stop();
  });

  it('leaves alone links that are downloads, API addresses or other sites', () => {
    const asked = serve({});
    const queryClient = new QueryClient();
    const stop = prefetchOnLinkIntent(queryClient);
    document.body.innerHTML = `
      <a href="/" download>CSV</a>
      <a href="/api/groups/aaaaaaaaaaaaaaaa/contributions?format=csv">CSV</a>
      <a href="https://elsewhere.example/">Elsewhere</a>`;
    for (const link of document.querySelectorAll('a')) link.dispatchEvent(new Event('pointerover', { bubbles: true }));
    expect(asked).toEqual([]);
    stop();
  });

  it('asks for a document’s feedback beside its code, but not for a document the person may not open', async () => {
    const docId = 'aaaaaaaaaaaaaaaa';
    const answer = {
      doc: {
        id: docId,
        projectId: 'bbbbbbbbbbbbbbbb',
        title: 'Draft',
        createdAt: 1,
        updatedAt: 1,
        project: { id: 'bbbbbbbbbbbbbbbb', name: 'Project' },
        group: { id: 'cccccccccccccccc', name: 'Group' },
        role: 'member',
        can: { edit: true, rename: true, giveFeedback: true, viewContributions: true, nameVersions: true, scheduleVersions: false, restoreVersions: false },
        locked: false,
        locksAt: null,
        writesAfterLock: false,
      },
    };
    for (const member of [true, false]) {
      const asked: string[] = [];
      vi.stubGlobal(
        'fetch',
        vi.fn(async (path: string) => {
          asked.push(path.replace(/\?.*/, ''));
          if (path.startsWith(`/api/docs/${docId}/threads`)) return json({ threads: [], nextCursor: null });
          if (member) return json(answer);
          return new Response(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }), { status: 404, headers: { 'content-type': 'application/json' } });
        }),
      );
      const queryClient = new QueryClient();
      prefetchPage(queryClient, `/docs/${docId}`);
      await pageChunks.document();
      await import('../api/feedback-queries');
      if (member) await vi.waitFor(() => expect(asked).toEqual([`/api/docs/${docId}`, `/api/docs/${docId}/threads`]));
      else {
        await vi.waitFor(() => expect(queryClient.getQueryState(queryKeys.doc(docId))?.status).toBe('error'));
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(asked).toEqual([`/api/docs/${docId}`]);
      }
    }
  }, 30_000);

  it('starts a group report’s data with its code, before the page renders', async () => {
    const report = { group: { id: 'aaaaaaaaaaaaaaaa' } };
    const asked = serve(report);
    const queryClient = new QueryClient();
    prefetchPage(queryClient, '/groups/aaaaaaaaaaaaaaaa/contributions');
    await vi.waitFor(() => expect(asked).toHaveLength(1), { timeout: 10_000 });
    expect(asked[0]).toMatch(/^\/api\/groups\/aaaaaaaaaaaaaaaa\/contributions\?format=json&utcOffset=-?\d+$/);
  });
});
