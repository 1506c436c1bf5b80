import { useInfiniteQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import type { AuditEntryView } from '../../../shared/schemas/archive';
import { useGroup } from '../api/queries';
import { AppShell } from '../ui/app-shell';
import { dateAndTime } from '../ui/date-formats';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { archiveKeys, callArchive } from './archive-endpoints';

/** One entry in words: who did what to whom or what. */
export function describeEntry(entry: AuditEntryView): string {
  const who = entry.actor ?? 'Commonplace';
  const name = typeof entry.detail.name === 'string' ? entry.detail.name : `a ${entry.subjectType}`;
  switch (entry.action) {
    case 'role-changed':
      return `${who} made ${name} ${String(entry.detail.to)} (was ${String(entry.detail.from)})`;
    case 'member-removed':
      if (entry.detail.left === true) return `${name} left${typeof entry.detail.team === 'string' ? ` team ${entry.detail.team}` : ''}`;
      return `${who} removed ${name}${typeof entry.detail.team === 'string' ? ` from team ${entry.detail.team}` : ''}`;
    case 'archived':
      return `${who} archived ${entry.subjectType} “${name}”`;
    case 'restored':
      return `${who} restored ${entry.subjectType} “${name}”`;
    case 'deleted':
      return entry.actor === null ? `${entry.subjectType} “${name}” was deleted for good 30 days after it was archived` : `${who} deleted ${entry.subjectType} “${name}” for good`;
    case 'data-exported':
      return `${who} downloaded their data`;
    case 'account-deleted':
      return `${who} deleted their account`;
  }
}

/** `/groups/:groupId/audit`: the course's audit log, newest first, for its instructors. */
export default function AuditLogPage() {
  const { groupId = '' } = useParams();
  const group = useGroup(groupId);
  usePageTitle(group.data ? `Audit log · ${group.data.group.name}` : 'Audit log');
  const log = useInfiniteQuery({
    queryKey: archiveKeys.audit(groupId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => callArchive('GET /api/groups/:groupId/audit', { params: { groupId }, query: { limit: 50, cursor: pageParam } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <AppShell>
      <div className="section-head page-head">
        <div>
          <p className="eyebrow">{group.data?.group.name ?? 'Course'}</p>
          <h1>Audit log</h1>
        </div>
      </div>
      {log.isPending && <Loading label="Loading the audit log…" />}
      {log.isError && <ErrorPanel error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && (
        <section className="panel" aria-label="Entries, newest first">
          {log.data.pages[0]?.entries.length === 0 && <p className="muted">No entries yet: role changes, removals, archiving, deletions and data exports are listed here.</p>}
          <ol className="audit-list">
            {log.data.pages.flatMap((page) =>
              page.entries.map((entry) => (
                <li key={entry.id}>
                  <time dateTime={new Date(entry.at).toISOString()} className="muted small">
                    {dateAndTime().format(entry.at)}
                  </time>{' '}
                  <span>{describeEntry(entry)}</span>
                </li>
              )),
            )}
          </ol>
          {log.hasNextPage && (
            <button type="button" className="button small" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {log.isFetchingNextPage ? 'Loading…' : 'Older entries'}
            </button>
          )}
        </section>
      )}
    </AppShell>
  );
}
