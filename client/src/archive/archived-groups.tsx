import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { daysLeft } from './archived-list';
import { archiveKeys, callArchive } from './archive-endpoints';

/**
 * The archived groups and courses the caller is an instructor of, on the
 * home page below their groups: hidden from the list above, each is reached
 * here to be restored (on its page) within its 30 days. Nothing is shown
 * when there are none.
 */
export function ArchivedGroups() {
  const archived = useQuery({ queryKey: archiveKeys.archivedGroups, queryFn: () => callArchive('GET /api/archived-groups') });
  const items = archived.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="archived-groups-heading">
      <h2 id="archived-groups-heading">Archived</h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <Link to={`/groups/${item.id}`}>{item.name}</Link>{' '}
            <span className="muted small">{daysLeft(item.deletesAt, Date.now())} days left before deletion</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
