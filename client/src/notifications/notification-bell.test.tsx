// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NotificationItem } from '../../../shared/schemas/notification-inbox';
import { json, serveRoutes } from '../api/fake-server';
import { createQueryClient } from '../app/query-client';
import { renderRoutes } from '../app/render-routes';
import { endStartUp, startUpOver } from '../app/start-up';
import { NotificationBell } from './notification-bell';
import { notificationKeys } from './notification-queries';

// Start-up ends by itself a second after its module loads (app/start-up.ts),
// which a busy machine's imports can outlast: its timer is made a fake one
// before the imports and dropped before the tests, so that start-up ends
// only when a test ends it.
vi.hoisted(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
beforeAll(() => vi.useRealTimers());

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const docId = 'd'.repeat(16);
const item = (n: number, read = false): NotificationItem => ({
  id: String(n).repeat(16).slice(0, 16).replace(/[^a-z2-7]/g, 'a'),
  kind: 'replies',
  text: `Ana replied to your comment on Final report: “Reply ${n}”`,
  link: `/docs/${docId}?thread=${'t'.repeat(16)}&reply=${'r'.repeat(15)}${n}`,
  at: Date.now() - n * 60_000,
  read,
});

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

/** The bell as after start-up: it asks the server for the inbox (app/start-up.ts). */
function renderBell() {
  endStartUp();
  renderRoutes([
    {
      path: '*',
      element: (
        <>
          <NotificationBell />
          <Where />
        </>
      ),
    },
  ]);
}

describe('NotificationBell', () => {
  // First in the file: start-up is module state, and the other tests end it.
  it('during start-up shows the inbox kept on the device and asks the server only once start-up is over', async () => {
    expect(startUpOver()).toBe(false);
    const fetch = serveRoutes({ 'GET /api/notifications': () => json(200, { items: [item(1)], nextCursor: null, unread: 1 }) });
    const queryClient = createQueryClient();
    // Kept from a visit an hour ago.
    queryClient.setQueryData(notificationKeys.inbox, { items: [item(1), item(2)], nextCursor: null, unread: 2 }, { updatedAt: Date.now() - 3_600_000 });
    renderRoutes([{ path: '/', element: <NotificationBell /> }], '/', queryClient);
    expect(screen.getByRole('button', { name: 'Notifications, 2 unread' })).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
    act(() => endStartUp());
    await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('shows the unread count, lists items, and marks one read when it is chosen, going to its place', async () => {
    const items = [item(2), item(3), item(5, true)];
    const fetch = serveRoutes({
      'GET /api/notifications': () => json(200, { items, nextCursor: null, unread: 3 }),
      'POST /api/notifications/read': () => json(200, { unread: 2 }),
    });
    renderBell();
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(bell);
    const panel = screen.getByRole('region', { name: 'Notifications' });
    const links = within(panel).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual([
      'Unread: Ana replied to your comment on Final report: “Reply 2”2 minutes ago',
      'Unread: Ana replied to your comment on Final report: “Reply 3”3 minutes ago',
      'Ana replied to your comment on Final report: “Reply 5”5 minutes ago',
    ]);

    fireEvent.click(links[0]!);
    expect(screen.getByTestId('where').textContent).toBe(items[0]!.link);
    await screen.findByRole('button', { name: 'Notifications, 2 unread' });
    const [, init] = fetch.mock.calls.find(([path, init]) => path === '/api/notifications/read' && init?.method === 'POST')!;
    expect(JSON.parse(String(init?.body))).toEqual({ ids: [items[0]!.id] });
  });

  it('marks all as read, and closes on Escape', async () => {
    serveRoutes({
      'GET /api/notifications': () => json(200, { items: [item(1), item(2)], nextCursor: null, unread: 2 }),
      'POST /api/notifications/read': () => json(200, { unread: 0 }),
    });
    renderBell();
    fireEvent.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
    fireEvent.click(screen.getByRole('button', { name: 'Mark all as read' }));
    const bell = await screen.findByRole('button', { name: 'Notifications' });
    expect(screen.queryByText(/Unread:/)).toBeNull();
    expect((screen.getByRole('button', { name: 'Mark all as read' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.keyDown(screen.getByRole('region', { name: 'Notifications' }), { key: 'Escape' });
    await waitFor(() => expect(bell.getAttribute('aria-expanded')).toBe('false'));
    expect(document.activeElement).toBe(bell);
  });

  it('says when there is nothing yet', async () => {
    serveRoutes({ 'GET /api/notifications': () => json(200, { items: [], nextCursor: null, unread: 0 }) });
    renderBell();
    await waitFor(() => expect(screen.getByText(/Nothing yet/)).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
  });
});
