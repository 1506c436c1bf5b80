import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { matchPath } from 'react-router-dom';
import type { User } from '../../../shared/schemas/auth';
import { pageQueries, queryKeys } from '../api/queries';
import { mayHaveSession } from '../auth/session-hint';
import { type Chunk, chunk } from './chunk';
import { type ChunkedPage, chunkedPages } from './chunked-pages';

/**
 * Each page's code and data, started before the page asks for them so that
 * nothing waits on something else it could have run beside: at start-up for
 * the address opened, when a link to a page is hovered or focused, and when
 * the router navigates. A page that then renders finds its chunk loaded and
 * its queries under way or done, instead of loading its chunk, then its data,
 * then the data that depends on that.
 */

/** Each chunked page's import (chunked-pages.ts says which module and route). */
export const pageChunks: { [page in ChunkedPage]: Chunk<{ default: ComponentType }> } = {
  document: chunk(() => import('../doc/document-page')),
  history: chunk(() => import('../history/history-page')),
  contributions: chunk(() => import('../history/contributions-page')),
  groupContributions: chunk(() => import('../history/group-contributions-page')),
  assignment: chunk(() => import('../assignments/assignment-page')),
  review: chunk(() => import('../peer-review/review-page')),
};

/** The chunk of the page at `path`, if its code is one. */
export function pageChunkOf(path: string): Chunk<unknown> | null {
  for (const [page, { path: pattern }] of Object.entries(chunkedPages) as [ChunkedPage, { path: string }][]) {
    if (matchPath(pattern, path)) return pageChunks[page];
  }
  return null;
}

/** The history pages' queries: a chunk of their own, with the history routes' schemas. */
const historyData = chunk(() => import('../api/history-queries'));

/**
 * How long a prefetched answer counts as fresh enough not to ask again, so
 * that moving the pointer back and forth over a link asks once.
 */
const prefetchFreshMs = 5_000;

/** `options` with a staleTime of at least prefetchFreshMs. */
function fresh<T extends { staleTime?: unknown }>(options: T): T {
  const own = typeof options.staleTime === 'number' ? options.staleTime : 0;
  return { ...options, staleTime: Math.max(prefetchFreshMs, own) };
}

/**
 * Starts loading what the page at `path` needs; never throws (the page shows
 * its own errors). Not where this browser has no session (session-hint.ts):
 * every read would be refused.
 */
export function prefetchPage(queryClient: QueryClient, path: string): void {
  if (!mayHaveSession()) return;
  const ignore = () => undefined;

  if (matchPath('/', path)) {
    queryClient.prefetchQuery(fresh(pageQueries.home())).catch(ignore);
    return;
  }
  const history = matchPath('/docs/:docId/history', path)?.params.docId;
  if (history) {
    pageChunks.history().catch(ignore);
    queryClient.prefetchQuery(fresh(pageQueries.doc(history))).catch(ignore);
    historyData()
      .then(async ({ historyQueries, latestPoint, prefetchLatestMoment }) => {
        // The page opens at the newest point: asked for beside the timeline, not after it.
        const [timeline, versions] = await Promise.all([
          queryClient.fetchQuery(fresh(historyQueries.timeline(history))),
          queryClient.fetchQuery(fresh(historyQueries.versions(history))),
          prefetchLatestMoment(queryClient, history),
        ]);
        const latest = latestPoint(timeline, versions);
        if (latest !== null) await queryClient.prefetchQuery(historyQueries.at(history, latest));
      })
      .catch(ignore);
    return;
  }
  const contributions = matchPath('/docs/:docId/contributions', path)?.params.docId;
  if (contributions) {
    pageChunks.contributions().catch(ignore);
    queryClient.prefetchQuery(fresh(pageQueries.doc(contributions))).catch(ignore);
    historyData()
      .then(({ historyQueries }) =>
        Promise.all([
          queryClient.prefetchQuery(fresh(historyQueries.contributions(contributions))),
          queryClient.prefetchQuery(fresh(historyQueries.activity(contributions))),
        ]),
      )
      .catch(ignore);
    return;
  }
  const groupContributions = matchPath('/groups/:groupId/contributions', path)?.params.groupId;
  if (groupContributions) {
    pageChunks.groupContributions().catch(ignore);
    historyData()
      .then(({ historyQueries }) => queryClient.prefetchQuery(fresh(historyQueries.groupContributions(groupContributions))))
      .catch(ignore);
    return;
  }
  const assignment = matchPath('/assignments/:assignmentId', path)?.params.assignmentId;
  if (assignment) {
    // Its query sits in the page's chunk, with the course schemas: asked for once the chunk is here.
    pageChunks
      .assignment()
      .then(() => import('../assignments/assignment-queries'))
      .then(({ assignmentQueries }) => queryClient.prefetchQuery(fresh(assignmentQueries.one(assignment))))
      .catch(ignore);
    return;
  }
  const review = matchPath('/reviews/:reviewId', path)?.params.reviewId;
  if (review) {
    // Its query sits in the page's chunk, with the peer review schemas: asked for once the chunk is here; the document it names then.
    pageChunks
      .review()
      .then(() => import('../peer-review/peer-review-queries'))
      .then(async ({ peerReviewQueries }) => {
        const answer = await queryClient.fetchQuery(fresh(peerReviewQueries.review(review)));
        await queryClient.prefetchQuery(fresh(pageQueries.doc(answer.review.docId)));
      })
      .catch(ignore);
    return;
  }
  const doc = matchPath('/docs/:docId', path)?.params.docId;
  if (doc) {
    // The feedback beside the text: asked for once the editor's chunk (which holds its schemas) is here, not once the editor is drawn;
    // and only for a document the person may open, which its own answer, back well before the chunk, says.
    Promise.all([queryClient.fetchQuery(fresh(pageQueries.doc(doc))), pageChunks.document().then(() => import('../api/feedback-queries'))])
      .then(([, { threadsQuery }]) => queryClient.prefetchQuery(threadsQuery(doc)))
      .catch(ignore);
  }
}

/**
 * The document opened at start-up gets its session (device copy and sync
 * socket) as soon as the session's code (not the editor's) and the
 * document's answer are here, before React draws the editor
 * (doc/collaboration-session.ts), so that syncing overlaps loading and
 * building the editor. Only for the address opened, not on
 * hovering a link: a socket per hovered link would cost the server for
 * nothing. Needs the signed-in person known (their device copy is theirs).
 */
export function openDocumentAhead(queryClient: QueryClient, path: string): void {
  const docId = matchPath('/docs/:docId', path)?.params.docId;
  if (!docId || !mayHaveSession()) return;
  Promise.all([import('../doc/collaboration-session'), queryClient.ensureQueryData(pageQueries.doc(docId))])
    .then(([{ openCollaborationAhead }]) => {
      const user = queryClient.getQueryData<User | null>(queryKeys.me);
      if (user) openCollaborationAhead(docId, user.id);
    })
    .catch(() => undefined);
}

/**
 * Prefetches the page behind a link of this site as soon as the pointer
 * rests on it or the keyboard focuses it (or a finger touches it): by the
 * click, its chunk and data are on their way or here. One listener for the
 * whole document, so every link, wherever it is drawn, does this.
 */
export function prefetchOnLinkIntent(queryClient: QueryClient, root: Document = document): () => void {
  const onIntent = (event: Event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.origin !== window.location.origin || link.hasAttribute('download')) return;
    if (link.pathname.startsWith('/api/')) return;
    prefetchPage(queryClient, link.pathname);
  };
  const events = ['pointerover', 'focusin', 'touchstart'] as const;
  for (const type of events) root.addEventListener(type, onIntent, { passive: true });
  return () => {
    for (const type of events) root.removeEventListener(type, onIntent);
  };
}
