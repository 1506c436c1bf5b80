import { AnnouncementQueue, type Announcement } from './announcement-queue';

/**
 * The app's one polite live region for changes the reader did not make
 * (others' feedback, the connection and saving): visually hidden, placed
 * once at the end of <body>, and fed through the queue that keeps it from
 * flooding (announcement-queue.ts). One region for the whole app, so that
 * two parts of a page never speak over each other; parts announce through
 * `announce`, never through a live region of their own for such changes.
 */

let region: HTMLElement | null = null;
let queue: AnnouncementQueue | null = null;

function liveRegion(): HTMLElement {
  if (region?.isConnected) return region;
  region = document.createElement('div');
  region.className = 'visually-hidden';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  region.dataset.liveAnnouncer = '';
  document.body.append(region);
  return region;
}

/** Replaces the region's words: emptied first, so that the same words twice are read twice. */
function speak(message: string): void {
  const target = liveRegion();
  target.textContent = '';
  globalThis.setTimeout(() => {
    target.textContent = message;
  }, 50);
}

/** Tells screen reader users of a live change, politely and without flooding them. */
export function announce(announcement: Announcement): void {
  if (typeof document === 'undefined') return;
  liveRegion();
  queue ??= new AnnouncementQueue(speak);
  queue.announce(announcement);
}
