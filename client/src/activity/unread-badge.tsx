import { Link } from 'react-router-dom';
import { useFeed } from '../api/activity-queries';
import { useStartUpOver } from '../app/start-up';
import { unreadBadge, unreadLabel } from './feed-cache';
import '../styles/activity.css';

/** The header's count of unseen activity, linking to the digest on the home page; nothing when all is read. */
export function UnreadBadge() {
  // Shown from the device at once, refreshed once start-up is over (app/start-up.ts).
  const feed = useFeed({ enabled: useStartUpOver() });
  const badge = unreadBadge(feed.data?.unread ?? 0);
  if (!feed.data || badge === null) return null;
  return (
    // Named in words that start with what it shows ("Activity: 2 unread"), so that a voice command saying "Activity" finds it.
    <Link to="/" className="unread-badge" data-unread={feed.data.unread}>
      <span className="unread-label" aria-hidden="true">
        Activity
      </span>
      <span className="visually-hidden">{`Activity: ${unreadLabel(feed.data.unread)}`}</span>
      <span className="unread-count" aria-hidden="true">
        {badge}
      </span>
    </Link>
  );
}
