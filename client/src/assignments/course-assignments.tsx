import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../ui/empty-state';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { useCourseAssignments } from './assignment-queries';
import { DueCountdown } from './countdown-text';
import { SetAssignmentForm } from './set-assignment-form';
import './assignments.css';

/**
 * A course's assignments, on its page: each with its due time and
 * countdown, opening its page (the learner's team copy, or the instructor's
 * class view); the course's instructors set new ones here.
 */
export function CourseAssignments({ courseId, manages }: { courseId: string; manages: boolean }) {
  const assignments = useCourseAssignments(courseId);
  const [setting, setSetting] = useState(false);
  const list = [...(assignments.data?.assignments ?? [])].sort((a, b) => a.dueAt - b.dueAt);

  return (
    <section className="panel course-assignments" aria-labelledby="assignments-title">
      <div className="section-head">
        <h2 id="assignments-title">Assignments</h2>
        {manages && !setting && (
          <button type="button" className="button primary small" onClick={() => setSetting(true)}>
            Set an assignment
          </button>
        )}
      </div>
      {setting && <SetAssignmentForm courseId={courseId} onCancel={() => setSetting(false)} />}
      {assignments.isPending && <Loading label="Loading assignments…" />}
      {assignments.isError && <InlineError error={assignments.error} />}
      {assignments.data && list.length === 0 && !setting && (
        <EmptyState icon="docs" title="No assignments yet" headingLevel={3} compact>
          {manages ? (
            <p>Set one and every team gets its own document, started from your template, with the due time on each learner’s clock.</p>
          ) : (
            <p>Your instructors’ assignments will appear here, with their due times.</p>
          )}
        </EmptyState>
      )}
      {list.length > 0 && (
        <ul className="assignment-list">
          {list.map((assignment) => (
            <li key={assignment.id} className="assignment-item">
              <Link to={`/assignments/${assignment.id}`} className="assignment-link">
                {assignment.title}
              </Link>
              <span className="small">
                <DueCountdown dueAt={assignment.dueAt} />
              </span>
              <span className="muted small">{assignment.lockAtDue ? 'Locks at the due time' : 'Late work accepted'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
