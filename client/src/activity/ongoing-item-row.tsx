import { Link } from 'react-router-dom';
import type { FeedItem } from '../../../shared/schemas/activity';
import { When } from '../threads/when';
import './ongoing-item-row.css';

/**
 * Someone's editing going on now, in the digest: a subtle live dot, "Ana is
 * writing in Methods and Results of Final report" linking to where they
 * write, and when they began. No totals: those come with the finished
 * session, which takes this row's place once the editing ends.
 */
export function OngoingItemRow({ item }: { item: FeedItem }) {
  return (
    <li className="feed-item feed-item-ongoing" data-item-type={item.type} data-ongoing="">
      <Link to={item.link} className="feed-item-text">
        <span className="live-dot" aria-hidden="true" />
        {item.text}
      </Link>
      <span className="feed-item-when muted small">
        Writing now{item.ongoing && <>, since <When at={item.ongoing.startedAt} /></>}
      </span>
    </li>
  );
}
