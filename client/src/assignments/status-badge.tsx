import type { AssignmentStatus } from '../../../shared/schemas/courses';
import { statusText } from './class-view-rows';

/** A team's status on an assignment as a small labelled pill: the word says it, the colour only helps. */
export function StatusBadge({ status }: { status: AssignmentStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {statusText[status]}
    </span>
  );
}
