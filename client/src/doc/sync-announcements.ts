import { useEffect, useRef } from 'react';
import { announce } from '../ui/live-announcer';
import type { SyncStatus } from './sync-state';

/**
 * The sync state, told to screen readers only when it matters: losing the
 * connection, getting it back with everything saved, or text left unsaved
 * at the lock. "Saving…" and "Saved" alternate on every pause in typing, so
 * they are never announced on their own (the indicator shows them without
 * a live region); a stop has its own alert (SyncStoppedBanner).
 */

/** What to say as the status becomes `status`, given whether trouble was told before; and whether trouble is told now. */
export function syncAnnouncement(status: SyncStatus, troubled: boolean): { message: string | null; troubled: boolean } {
  switch (status) {
    case 'offline':
      return { message: 'Offline. You can keep writing; your changes are kept and merge when the connection returns.', troubled: true };
    case 'reconnecting':
      return { message: 'Connection lost. Reconnecting…', troubled: true };
    case 'unsent':
      return { message: 'Not saved: the document locked before some of your text reached the server.', troubled: true };
    case 'saved':
      return troubled ? { message: 'Back online. All changes saved.', troubled: false } : { message: null, troubled };
    default:
      return { message: null, troubled };
  }
}

/** Announces the changes of `status` that syncAnnouncement says are worth it. */
export function useSyncAnnouncements(status: SyncStatus): void {
  const troubled = useRef(false);
  useEffect(() => {
    const next = syncAnnouncement(status, troubled.current);
    troubled.current = next.troubled;
    if (next.message) announce({ kind: 'status', topic: 'sync', message: next.message });
  }, [status]);
}
