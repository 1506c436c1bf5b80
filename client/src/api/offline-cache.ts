/** The service worker's cache of API reads (vite.config.ts, runtimeCaching). */
const apiCacheName = 'commonplace-api';

/**
 * Forgets cached API answers when the account on this device changes, so one
 * person never sees another's groups offline on a shared computer.
 */
export async function forgetOfflineReads(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(apiCacheName);
  } catch {
    // Storage may be unavailable (private mode); nothing to forget then.
  }
}
