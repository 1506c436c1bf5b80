import { Link } from 'react-router-dom';
import type { Assignment, AssignmentStatus } from '../../../shared/schemas/courses';
import { DueCountdown } from './countdown-text';
import { formatDue } from './due-time';
import { StatusBadge } from './status-badge';
import './assignments.css';

/** One of the caller's assignments as home lists it: which, in which course and team, where the team stands. */
export interface HomeAssignmentItem {
  assignment: Pick<Assignment, 'id' | 'title'>;
  course: { id: string; name: string };
  team: { id: string; name: string };
  status: AssignmentStatus;
  /** The team's due time (the assignment's, or its extension). */
  dueAt: number;
}

/** Work still to hand in comes first, soonest due first; what is handed in or closed follows, latest first. */
const done: ReadonlySet<AssignmentStatus> = new Set(['submitted', 'locked']);
export function homeOrder(items: readonly HomeAssignmentItem[]): HomeAssignmentItem[] {
  return [...items].sort((a, b) => {
    const aDone = done.has(a.status);
    const bDone = done.has(b.status);
    if (aDone !== bDone) return aDone ? 1 : -1;
    return aDone ? b.dueAt - a.dueAt : a.dueAt - b.dueAt;
  });
}

/**
 * The learner's assignments on home: each with its course and team, the
 * team's status, and the due time on the learner's clock with a countdown,
 * so what is due next is the first thing they read.
 */
export function HomeAssignments({ items }: { items: readonly HomeAssignmentItem[] }) {
  if (items.length === 0) return null;
  return (
    <section className="panel home-assignments" aria-labelledby="home-assignments-title">
      <h2 id="home-assignments-title">Your assignments</h2>
      <ul className="assignment-list">
        {homeOrder(items).map((item) => (
          <li key={`${item.assignment.id}-${item.team.id}`} className="assignment-item">
            <span className="assignment-link">
              <Link to={`/assignments/${item.assignment.id}`}>{item.assignment.title}</Link>
              <span className="muted small block">
                {item.course.name} · {item.team.name}
              </span>
            </span>
            <StatusBadge status={item.status} />
            <span className="small">
              {/* Handed in or closed: the countdown has nothing more to say. */}
              {done.has(item.status) ? <span className="muted">Due {formatDue(item.dueAt)}</span> : <DueCountdown dueAt={item.dueAt} />}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
