import { Link } from 'react-router-dom';
import { useFeed } from '../api/activity-queries';
import { unreadBadge, unreadLabel } from './feed-cache';
import '../styles/activity.css';

/** The header's count of unseen activity, linking to the digest on the home page; nothing when all is read. */
export function UnreadBadge() {
  const feed = useFeed();
  const badge = unreadBadge(feed.data?.unread ?? 0);
  if (!feed.data || badge === null) return null;
  return (
    <Link to="/" className="unread-badge" aria-label={`Activity: ${unreadLabel(feed.data.unread)}`} data-unread={feed.data.unread}>
      <span className="unread-label" aria-hidden="true">
        Activity
      </span>
      <span className="unread-count" aria-hidden="true">
        {badge}
      </span>
    </Link>
  );
}
