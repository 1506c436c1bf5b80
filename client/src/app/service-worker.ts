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
