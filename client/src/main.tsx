import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { z } from 'zod';
import { keepQueriesOnDevice, restoreSavedQueries } from './api/offline-cache';
import { openDocumentAhead, prefetchOnLinkIntent, prefetchPage } from './app/page-data';
import { createQueryClient } from './app/query-client';
import { router } from './app/routes';
import { registerServiceWorker } from './app/service-worker';
import './styles/base.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/pages.css';

// zod compiles object parsers with `new Function` once it finds eval allowed;
// its probe trips our Content-Security-Policy (script-src 'self', no
// 'unsafe-eval') and files a violation report on every page. Tell it not to try.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const queryClient = createQueryClient();
// What the last visit showed, at once; each page refreshes it as it opens.
restoreSavedQueries(queryClient);
keepQueriesOnDevice(queryClient);
// The opened page's code and data start now, beside the session check and
// the first render rather than after them; later pages on hover and on navigating.
prefetchPage(queryClient, window.location.pathname);
openDocumentAhead(queryClient, window.location.pathname);
prefetchOnLinkIntent(queryClient);
router.subscribe((state) => prefetchPage(queryClient, state.location.pathname));
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
registerServiceWorker(() => void queryClient.invalidateQueries());
