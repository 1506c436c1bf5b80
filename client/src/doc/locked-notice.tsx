import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { DocWithContext } from '../../../shared/schemas/projects';
import { queryKeys } from '../api/queries';
import { formatMoment } from '../assignments/due-time';
import type { CollaborationSession } from './collaboration-session';
import type { SyncState } from './sync-state';
import './locked-notice.css';

/** The longest delay setTimeout takes (about 24.8 days): a lock further off is waited for in steps. */
const maxTimerMs = 2 ** 31 - 1;

type LockTerms = Pick<DocWithContext, 'locked' | 'locksAt' | 'writesAfterLock'>;

/** Whether the lock at the due time stops this reader writing at `now`. */
export function writingLockedAt(doc: LockTerms, now: number): boolean {
  if (doc.writesAfterLock) return false;
  return doc.locked || (doc.locksAt !== null && now >= doc.locksAt);
}

/**
 * Whether this reader's writing is locked now: the server said so, or the
 * copy's lock time came (a timer to `locksAt`, no polling); then the
 * document is asked for again, so what the page offers follows the server.
 * The sync tracker is told, so that it stops trusting the server's answers
 * as "saved" (sync-state.ts). An extension or a reopening brings a new
 * `locksAt` (the server closes the socket and the document is fetched
 * again), which lifts it.
 */
export function useWritingLock(doc: DocWithContext, session: CollaborationSession): boolean {
  const queryClient = useQueryClient();
  const [locked, setLocked] = useState(() => writingLockedAt(doc, Date.now()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = (arrived: boolean) => {
      const now = Date.now();
      const lockedNow = writingLockedAt(doc, now);
      setLocked(lockedNow);
      if (lockedNow && arrived) void queryClient.invalidateQueries({ queryKey: queryKeys.doc(doc.id) });
      if (!lockedNow && doc.locksAt !== null && !doc.writesAfterLock) {
        timer = setTimeout(() => check(true), Math.min(doc.locksAt - now, maxTimerMs));
      }
    };
    check(false);
    return () => clearTimeout(timer);
  }, [doc, queryClient]);
  useEffect(() => {
    if (locked) session.tracker.lock();
    else session.tracker.unlock();
  }, [locked, session]);
  return locked;
}

/**
 * What the lock at the due time means on the editor page, in the viewer's
 * time zone: ahead, when it comes; once come, that the copy is read-only,
 * and, if some of the reader's text never reached the server, that it is
 * only on this device, with a way to copy it. Instructors are told they
 * keep writing.
 */
export function LockedNotice({
  doc,
  locked,
  syncState,
  session,
}: {
  doc: DocWithContext;
  locked: boolean;
  syncState: SyncState;
  session: CollaborationSession;
}) {
  if (doc.locksAt === null) return null;
  const at = formatMoment(doc.locksAt);
  if (doc.writesAfterLock) {
    return (
      <p className="lock-ahead muted small" role="note">
        {doc.locked
          ? `The team’s copy locked at the due time, ${at}: its members can no longer change it. You still can.`
          : `The team’s copy locks for its members at the due time, ${at}.`}
      </p>
    );
  }
  if (!locked) {
    return (
      <p className="lock-ahead muted small" role="note">
        This copy locks at the due time, {at}: what is written after it is not saved.
      </p>
    );
  }
  const unsent = syncState.locked && syncState.unsent === true;
  return (
    <div className="banner banner-warning locked-notice" role="status" data-locked-notice="">
      <p>
        <strong>Locked at the due time, {at}.</strong> This copy is read-only now.
      </p>
      {unsent && <UnsentText session={session} />}
    </div>
  );
}

/** The reader's text the server does not hold, offered to copy so that nothing typed is silently lost. */
function UnsentText({ session }: { session: CollaborationSession }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = session.tracker.unsentText();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <>
      <p>
        Some of your text did not reach the server before the lock. It stays visible here, on this device only, and is
        not saved.
      </p>
      {text && (
        <p className="locked-notice-actions">
          <button type="button" className="button small" onClick={() => void copy()}>
            Copy your unsent text
          </button>
          <span aria-live="polite">{copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'Copying failed: select it below.' : ''}</span>
        </p>
      )}
      {copied === 'failed' && <textarea className="locked-notice-text" readOnly value={text} aria-label="Your unsent text" />}
    </>
  );
}
