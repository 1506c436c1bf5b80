import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type InitialEntry, type RouteObject } from 'react-router-dom';
import { createQueryClient } from './query-client';

/**
 * For page tests: renders `routes` in a memory router opened at `at`, under
 * a new query client made as the app makes its own (createQueryClient), so
 * that a page meets the same retries and session handling as in the app.
 */
export function renderRoutes(routes: RouteObject[], at: InitialEntry = '/'): void {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={createMemoryRouter(routes, { initialEntries: [at] })} />
    </QueryClientProvider>,
  );
}
