import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import { signInPath } from '../auth/session';
import { endSession, sessionEndedState } from '../auth/session-ended';
import { useSyncAnnouncements } from './sync-announcements';
import { editsKeptOnDevice, hasUnsavedEdits, syncStatus, type SyncState } from './sync-state';

/** The words for a sync state; exported for tests. */
export function describeSync(state: SyncState, readOnly = false): { label: string; detail: string } {
  const status = syncStatus(state);
  const unsaved = hasUnsavedEdits(state);
  const kept = editsKeptOnDevice(state);
  const device = unsaved ? (kept ? 'Changes kept on this device.' : 'Keeping changes on this device…') : '';
  switch (status) {
    case 'connecting':
      return { label: 'Connecting…', detail: device || 'Opening the live connection.' };
    case 'saving':
      return { label: 'Saving…', detail: 'Sending your changes to the server.' };
    case 'saved':
      return readOnly
        ? { label: 'Up to date', detail: 'You see the latest version; changes by others appear live.' }
        : { label: 'Saved', detail: 'Everything is on the server.' };
    case 'offline':
      return {
        label: unsaved && kept ? 'Offline · changes kept on this device' : unsaved ? 'Offline · keeping changes…' : 'Offline',
        detail: 'You can keep writing; your changes merge when the connection returns.',
      };
    case 'reconnecting':
      return { label: 'Reconnecting…', detail: device || 'The live connection dropped; trying again.' };
    case 'stopped':
      return { label: 'Not syncing', detail: device };
    case 'unsent':
      return { label: 'Not saved', detail: 'The document locked before some of your text reached the server: it is only on this device.' };
  }
}

/**
 * The sync state in words. It is no live region: "Saving…" and "Saved" turn
 * over on every pause in typing; what matters (offline, back online) is
 * announced through the app's live announcer (sync-announcements.ts).
 */
export function SyncIndicator({ state, readOnly }: { state: SyncState; readOnly: boolean }) {
  const status = syncStatus(state);
  const { label, detail } = describeSync(state, readOnly);
  useSyncAnnouncements(status);
  return (
    <p className={`sync-indicator sync-${status}`} data-sync-status={status} title={detail}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label">{label}</span>
      <span className="visually-hidden"> {detail}</span>
    </p>
  );
}

/** When the server ended the connection for good: why, and what to do. */
export function SyncStoppedBanner({ state }: { state: SyncState }) {
  const location = useLocation();
  const queryClient = useQueryClient();
  if (!state.stopped) return null;
  const kept = hasUnsavedEdits(state) ? ' Your unsaved edits are kept on this device.' : '';
  return (
    <div className="banner banner-warning" role="alert">
      {state.stopped === 'session-ended' && (
        <p>
          Your session ended, so this document stopped syncing.{kept}{' '}
          {/* The server ended the session: forget it here too, or the sign-in page would send us back. */}
          <Link to={signInPath(location.pathname)} state={sessionEndedState} onClick={() => endSession(queryClient)}>
            Sign in again
          </Link>
        </p>
      )}
      {state.stopped === 'access-revoked' && (
        <p>
          You no longer have access to this document.{kept} <Link to="/">Go to your groups</Link>
        </p>
      )}
      {state.stopped === 'refused' && (
        <p>
          The server refused this connection.{kept}{' '}
          <button type="button" className="link-button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </p>
      )}
    </div>
  );
}
