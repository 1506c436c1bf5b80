import type { QueryClient } from '@tanstack/react-query';

/**
 * Registers the app-shell service worker that vite-plugin-pwa generates
 * (vite.config.ts) so that pages open without a connection. Registered from
 * this module rather than an inline script: the CSP allows no inline script.
 *
 * `onControlled` runs when a service worker takes control of the page (the
 * first visit, or an update): requests made before that bypassed it, so the
 * caller refetches what the page shows to have it cached for offline use.
 */
export function registerServiceWorker(onControlled: () => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', onControlled);
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      // Offline support is a bonus; the app works without it.
      console.warn('Service worker registration failed', error);
    });
  });
}

/**
 * Asks again, through the service worker that has just taken control, for
 * what the page shows or is loading, so that the worker keeps those answers
 * for offline use (a fetch begun before it took control is begun again).
 * Not a refusal (a document the person may not open): it shows nothing to
 * keep, and would only be refused again.
 */
export function askAgainThroughWorker(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => query.state.status !== 'error' });
}
