// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderRoutes } from '../app/render-routes';
import { SyncIndicator, SyncStoppedBanner } from './sync-indicator';
import { initialSyncState, syncReducer, type SyncEvent, type SyncState } from './sync-state';

const run = (events: SyncEvent[]): SyncState => events.reduce(syncReducer, initialSyncState(true));
const synced: SyncEvent[] = [{ type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'synced' }, { type: 'probe-answered' }];

function renderInApp(element: ReactNode) {
  renderRoutes([{ path: '/docs/:docId', element }], '/docs/abcdefghijklmnop');
}

afterEach(cleanup);

describe('SyncIndicator', () => {
  const label = () => document.querySelector<HTMLElement>('[data-sync-status]')!;

  it.each([
    ['connecting', [] as SyncEvent[], 'Connecting…'],
    ['saved', synced, 'Saved'],
    ['saving', [...synced, { type: 'local-edit' }], 'Saving…'],
    ['reconnecting', [...synced, { type: 'socket-closed' }], 'Reconnecting…'],
    ['offline', [...synced, { type: 'network', online: false }], 'Offline'],
    ['unsent', [...synced, { type: 'local-edit' }, { type: 'locked' }, { type: 'server-state', unsent: true }], 'Not saved'],
  ] as const)('says %s in words and in data-sync-status', (status, events, text) => {
    render(<SyncIndicator state={run([...events])} readOnly={false} />);
    expect(label().getAttribute('data-sync-status')).toBe(status);
    expect(label().querySelector('.sync-label')?.textContent).toBe(text);
  });

  it('says an offline edit is kept on this device only once IndexedDB confirmed it', () => {
    const offline: SyncEvent[] = [...synced, { type: 'network', online: false }, { type: 'socket-closed' }, { type: 'local-edit' }];
    const { rerender } = render(<SyncIndicator state={run(offline)} readOnly={false} />);
    expect(label().textContent).toContain('Offline · keeping changes…');
    rerender(<SyncIndicator state={run([...offline, { type: 'stored', seq: 1 }])} readOnly={false} />);
    expect(label().textContent).toContain('Offline · changes kept on this device');
  });

  it('tells a reader the copy is up to date rather than saved', () => {
    render(<SyncIndicator state={run(synced)} readOnly />);
    expect(label().querySelector('.sync-label')?.textContent).toBe('Up to date');
  });
});

describe('SyncStoppedBanner', () => {
  it('offers to sign in again, back to this document, when the session ended', async () => {
    renderInApp(<SyncStoppedBanner state={run([...synced, { type: 'local-edit' }, { type: 'stopped', reason: 'session-ended' }])} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your session ended');
    expect(alert.textContent).toContain('Your unsaved edits are kept on this device.');
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/login?next=%2Fdocs%2Fabcdefghijklmnop');
  });

  it('says when access was revoked', async () => {
    renderInApp(<SyncStoppedBanner state={run([...synced, { type: 'stopped', reason: 'access-revoked' }])} />);
    expect((await screen.findByRole('alert')).textContent).toContain('You no longer have access to this document.');
  });
});
