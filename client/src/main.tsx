// Before any module that builds a schema (no-eval.ts).
import './app/no-eval';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { keepQueriesOnDevice, restoreSavedQueries } from './api/offline-cache';
import { openDocumentAhead, pageChunkOf, prefetchOnLinkIntent, prefetchPage } from './app/page-data';
import { createQueryClient } from './app/query-client';
import { router } from './app/routes';
import { askAgainThroughWorker, registerServiceWorker } from './app/service-worker';
import { keepSessionHint } from './auth/session-hint';
import './styles/base.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/pages.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const queryClient = createQueryClient();
// What the last visit showed, at once; each page refreshes it as it opens.
restoreSavedQueries(queryClient);
keepQueriesOnDevice(queryClient);
keepSessionHint(queryClient);
// The opened page's code and data start now, beside the session check and
// the first render rather than after them; later pages on hover and on navigating.
prefetchPage(queryClient, window.location.pathname);
openDocumentAhead(queryClient, window.location.pathname);
prefetchOnLinkIntent(queryClient);
router.subscribe((state) => prefetchPage(queryClient, state.location.pathname));
// The first render waits a moment for the opened page's own code, so that
// it draws the page at once rather than its placeholder first (chunk.tsx,
// chunkComponent); on a slow network it draws the placeholder after that moment.
const firstRenderWaitMs = 1_000;
const openedChunk = pageChunkOf(window.location.pathname);
const openedPageReady = openedChunk
  ? Promise.race([openedChunk().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, firstRenderWaitMs))])
  : Promise.resolve();
void openedPageReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
registerServiceWorker(() => void askAgainThroughWorker(queryClient));
