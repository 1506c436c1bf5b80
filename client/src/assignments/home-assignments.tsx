import { Link } from 'react-router-dom';
import type { HomeAssignment } from '../../../shared/schemas/home';
import { DueCountdown } from './countdown-text';
import { formatDue, formatMoment } from './due-time';
import { StatusBadge } from './status-badge';
import './assignments.css';

/** Handed in, or closed to the team: the countdown has nothing more to say. */
const isDone = (item: HomeAssignment) => item.submittedAt !== null || item.locked;

/** Work still to hand in comes first, soonest due first; what is handed in or closed follows, latest due first. */
export function homeOrder(items: readonly HomeAssignment[]): HomeAssignment[] {
  return [...items].sort((a, b) => {
    if (isDone(a) !== isDone(b)) return isDone(a) ? 1 : -1;
    return isDone(a) ? b.dueAt - a.dueAt : a.dueAt - b.dueAt;
  });
}

/**
 * The learner's assignments on home: each with its course and team, the
 * team's status, and the due time on the learner's clock with a countdown,
 * so what is due next is the first thing they read.
 */
export function HomeAssignments({ items }: { items: readonly HomeAssignment[] }) {
  if (items.length === 0) return null;
  return (
    <section className="panel home-assignments" aria-labelledby="home-assignments-title">
      <h2 id="home-assignments-title">Your assignments</h2>
      <ul className="assignment-list">
        {homeOrder(items).map((item) => (
          <li key={`${item.id}-${item.team.id}`} className="assignment-item">
            <span className="assignment-link">
              <Link to={`/assignments/${item.id}`}>{item.title}</Link>
              <span className="muted small block">
                {item.course.name} · {item.team.name}
              </span>
            </span>
            <StatusBadge status={item.status} />
            <span className="small">
              {item.submittedAt !== null ? (
                <span className="muted">Submitted {formatMoment(item.submittedAt)}</span>
              ) : isDone(item) ? (
                <span className="muted">Locked at the due time, {formatDue(item.dueAt)}</span>
              ) : (
                <DueCountdown dueAt={item.dueAt} />
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
