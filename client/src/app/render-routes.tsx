import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type InitialEntry, type RouteObject } from 'react-router-dom';
import { createQueryClient } from './query-client';

/**
 * For page tests: renders `routes` in a memory router opened at `at`, under
 * a new query client made as the app makes its own (createQueryClient), so
 * that a page meets the same retries and session handling as in the app.
 * A test that seeds the cache first, or acts on the client afterwards (ends
 * the session, say), passes its own `client`: made by createQueryClient too,
 * so that the page still meets the app's own.
 */
export function renderRoutes(routes: RouteObject[], at: InitialEntry = '/', client: QueryClient = createQueryClient()): void {
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: [at] })} />
    </QueryClientProvider>,
  );
}
