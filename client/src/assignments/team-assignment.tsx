import { Link } from 'react-router-dom';
import type { Assignment, AssignmentTeam } from '../../../shared/schemas/courses';
import { EmptyState } from '../ui/empty-state';
import { DueCountdown } from './countdown-text';
import { formatDue } from './due-time';
import { InstructionsText } from './instructions-text';
import { StatusBadge } from './status-badge';
import { SubmitPanel } from './submit-panel';

/**
 * A learner's assignment: their team's copy, its due time on their clock
 * with a countdown, the team's status and submission, and the instructions.
 */
export function TeamAssignment({ assignment, team }: { assignment: Assignment; team: AssignmentTeam | undefined }) {
  return (
    <div className="assignment-layout">
      {team ? (
        <section className="panel assignment-team" aria-labelledby="team-title">
          <div className="section-head">
            <h2 id="team-title">{team.team.name}</h2>
            <StatusBadge status={team.status} />
          </div>
          <p className="assignment-due">
            <span className="muted">Due </span>
            <DueCountdown dueAt={team.dueAt} />
          </p>
          <p className="muted small">
            {assignment.lockAtDue
              ? 'Your team’s document locks at the due time: what is saved by then stays.'
              : 'Late work is accepted, marked late.'}
            {team.dueAt !== assignment.dueAt && ' Your team has an extension.'}
          </p>
          {team.doc ? (
            <p>
              <Link className="button primary" to={`/docs/${team.doc.id}`}>
                Open your team’s document
              </Link>
            </p>
          ) : (
            <p className="muted">Your team’s document appears here when the assignment opens, {formatDue(assignment.opensAt)}.</p>
          )}
          <SubmitPanel assignment={assignment} team={team} />
        </section>
      ) : (
        <section className="panel">
          <EmptyState icon="groups" title="You are not in a team of this course yet" headingLevel={2} compact>
            <p>Your instructor puts you in a team; your team’s document appears here then.</p>
          </EmptyState>
        </section>
      )}
      <section className="panel assignment-instructions" aria-labelledby="instructions-title">
        <h2 id="instructions-title">Instructions</h2>
        {assignment.instructions.trim() ? <InstructionsText markdown={assignment.instructions} /> : <p className="muted">No instructions beyond the title.</p>}
      </section>
    </div>
  );
}
