import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { NotificationItem } from '../../../shared/schemas/notification-inbox';
import { sinceText } from '../courses/lms-link';
import { useStartUpOver } from '../app/start-up';
import { useMarkRead, useNotifications } from './notification-queries';
import './notifications.css';

/** The bell's name for screen readers: what it is and how many are unread. */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread.toLocaleString('en')} unread` : 'Notifications';
}

/**
 * The header's bell: the unread count on it, and a panel of the newest
 * notifications under it (a disclosure: the button says whether it is
 * open; Escape or a click elsewhere closes it, the focus back on the bell).
 * Choosing an item marks it read and goes to its place; "Mark all as read"
 * empties the count. What is read here is never mailed.
 */
export function NotificationBell() {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const bell = useRef<HTMLButtonElement>(null);
  // Shown from the device at once, refreshed once start-up is over (app/start-up.ts).
  const inbox = useNotifications({ enabled: useStartUpOver() });
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const unread = inbox.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    bell.current?.focus();
  };

  const choose = (item: NotificationItem) => {
    if (!item.read) markRead.mutate({ ids: [item.id] });
    setOpen(false);
    void navigate(item.link);
  };

  return (
    <div
      className="notification-bell"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={bell}
        type="button"
        className="button quiet small bell-button"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section id={panelId} className="notification-panel" aria-label="Notifications" hidden={!open}>
        <div className="notification-panel-head">
          <h2>Notifications</h2>
          <button type="button" className="button quiet small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            Mark all as read
          </button>
        </div>
        {inbox.isError && <p className="notification-empty">Notifications could not be loaded.</p>}
        {inbox.data && inbox.data.items.length === 0 && <p className="notification-empty">Nothing yet. Replies, mentions and feedback on your text show up here.</p>}
        {inbox.data && inbox.data.items.length > 0 && (
          <ul className="notification-list">
            {inbox.data.items.map((item) => (
              <li key={item.id} className={item.read ? 'notification' : 'notification unread'}>
                <a
                  href={item.link}
                  onClick={(event) => {
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                    event.preventDefault();
                    choose(item);
                  }}
                >
                  {!item.read && <span className="visually-hidden">Unread: </span>}
                  <span className="notification-text">{item.text}</span>
                  <time className="notification-time" dateTime={new Date(item.at).toISOString()}>
                    {sinceText(item.at)}
                  </time>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
