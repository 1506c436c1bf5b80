/**
 * The pages whose code is a chunk of its own, by route: where they are
 * (`path`, as the router writes it) and which module starts their chunk
 * (`module`, under client/src). The prefetch (page-data.ts) matches
 * addresses against these paths, and the build (vite.config.ts,
 * scripts/route-chunks.ts) writes into index.html which files each path
 * needs, so that public/route-preload.js asks for them while the app's own
 * code is still arriving, instead of after it ran.
 *
 * Plain data, with no import: the build reads it too.
 */
export const chunkedPages = {
  /** The editor (Tiptap, Yjs, IndexedDB): only for a document. */
  document: { path: '/docs/:docId', module: 'doc/document-page.tsx' },
  history: { path: '/docs/:docId/history', module: 'history/history-page.tsx' },
  contributions: { path: '/docs/:docId/contributions', module: 'history/contributions-page.tsx' },
  groupContributions: { path: '/groups/:groupId/contributions', module: 'history/group-contributions-page.tsx' },
  /** An assignment: a learner's team copy, or the instructor's class view. */
  assignment: { path: '/assignments/:assignmentId', module: 'assignments/assignment-page.tsx' },
  /** A peer review: the reviewed document (the editor's chunk) with the rubric beside it. */
  review: { path: '/reviews/:reviewId', module: 'peer-review/review-page.tsx' },
} as const;

export type ChunkedPage = keyof typeof chunkedPages;
