import { Link } from 'react-router-dom';
import type { FeedItem, NeedsYouReason } from '../../../shared/schemas/activity';
import { When } from '../threads/when';
import { WritingSpan } from './writing-span';

const reasonLabels: Record<NeedsYouReason, string> = {
  mention: 'Mentions you',
  reply: 'Reply to you',
  'suggestion-on-your-text': 'Suggestion on your text',
  'thread-on-your-text': 'On your text',
};

/**
 * One item of the digest: its sentence, linking to the exact place, with why
 * it needs the reader, whether it just arrived, and when it happened (an
 * editing session: the span of its writing, "14:02–14:20").
 */
export function FeedItemRow({ item, fresh }: { item: FeedItem; fresh: boolean }) {
  return (
    <li className={fresh ? 'feed-item feed-item-new' : 'feed-item'} data-item-type={item.type} data-needs-you={item.needsYou ?? undefined}>
      <div className="feed-item-tags">
        {item.needsYou && <span className="feed-reason">{reasonLabels[item.needsYou]}</span>}
        {fresh && <span className="feed-new">New</span>}
      </div>
      <Link to={item.link} className="feed-item-text">
        {item.text}
      </Link>
      <span className="feed-item-when muted small">
        {item.edit ? <WritingSpan from={item.edit.startedAt} to={item.edit.endedAt} /> : <When at={item.at} />}
      </span>
    </li>
  );
}
