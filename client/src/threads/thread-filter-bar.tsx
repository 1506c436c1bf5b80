import { useId } from 'react';
import { threadStatuses, type AnnotationTag, type ThreadStatus } from '../../../shared/schemas/threads';
import type { FeedbackCounts, ThreadFilter } from './thread-filters';

const statusNames: Record<ThreadStatus, string> = { open: 'Open', resolved: 'Resolved', accepted: 'Accepted', rejected: 'Rejected' };

/** Filters by status, tag and author, each option with how many threads it holds. */
export function ThreadFilterBar({
  filter,
  onChange,
  counts,
  tags,
  total,
}: {
  filter: ThreadFilter;
  onChange: (filter: ThreadFilter) => void;
  counts: FeedbackCounts;
  tags: readonly AnnotationTag[];
  total: number;
}) {
  const id = useId();
  // Retired tags are offered only while annotations still carry them.
  const tagOptions = tags.filter((tag) => !tag.archived || (counts.byTag.get(tag.id) ?? 0) > 0);
  return (
    <fieldset className="thread-filters">
      <legend className="visually-hidden">Filter feedback</legend>
      <div className="filter">
        <label htmlFor={`${id}-status`}><span className="visually-hidden">Filter by </span>Status</label>
        <select id={`${id}-status`} value={filter.status} onChange={(event) => onChange({ ...filter, status: event.target.value as ThreadFilter['status'] })}>
          <option value="all">All ({total})</option>
          {threadStatuses.map((status) => (
            <option key={status} value={status}>
              {statusNames[status]} ({counts.byStatus[status]})
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-tag`}><span className="visually-hidden">Filter by </span>Tag</label>
        <select id={`${id}-tag`} value={filter.tag} onChange={(event) => onChange({ ...filter, tag: event.target.value })}>
          <option value="all">All tags</option>
          {tagOptions.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name} ({counts.byTag.get(tag.id) ?? 0})
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-author`}><span className="visually-hidden">Filter by </span>Author</label>
        <select id={`${id}-author`} value={filter.author} onChange={(event) => onChange({ ...filter, author: event.target.value })}>
          <option value="all">Everyone</option>
          {counts.authors.map((author) => (
            <option key={author.id} value={author.id}>
              {author.name} ({author.count})
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
