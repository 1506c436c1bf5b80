import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { PeerReviewSection } from '../peer-review/peer-review-section';
import { TeammateEvaluationSection } from '../teammate-evaluation/teammate-evaluation-section';
import { usePageTitle } from '../ui/page-title';
import { useAssignment } from './assignment-queries';
import { ClassView } from './class-view';
import { DueCountdown } from './countdown-text';
import { InstructionsText } from './instructions-text';
import { SetAssignmentForm } from './set-assignment-form';
import { TeamAssignment } from './team-assignment';
import './assignments.css';

/**
 * `/assignments/:assignmentId`: a learner finds their team's copy, the due
 * time and the Submit button; the course's instructors find the class view,
 * every team in a row.
 */
export function AssignmentPage() {
  const { assignmentId = '' } = useParams();
  const detail = useAssignment(assignmentId);
  const courseId = detail.data?.assignment.courseId ?? '';
  const course = useQuery({
    queryKey: queryKeys.group(courseId),
    queryFn: () => call('GET /api/groups/:groupId', { params: { groupId: courseId } }),
    enabled: courseId !== '',
  });
  usePageTitle(detail.data?.assignment.title);
  const [editing, setEditing] = useState(false);

  const failed = detail.error ?? course.error;
  if (failed) {
    return (
      <AppShell>
        <ErrorPanel
          error={failed}
          onRetry={() => {
            void detail.refetch();
            if (courseId) void course.refetch();
          }}
        />
      </AppShell>
    );
  }
  if (!detail.data || !course.data) {
    return (
      <AppShell wide>
        <Loading label="Loading the assignment…" />
      </AppShell>
    );
  }
  const { assignment, teams } = detail.data;
  const instructs = course.data.group.role === 'instructor';

  return (
    <AppShell wide>
      <div className="section-head page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/groups/${courseId}`}>{course.data.group.name}</Link> · Assignment
          </p>
          <h1>{assignment.title}</h1>
          {instructs && (
            <p className="assignment-due">
              <span className="muted">Due </span>
              <DueCountdown dueAt={assignment.dueAt} />
              <span className="muted small"> · {assignment.lockAtDue ? 'locks at the due time' : 'late work accepted'}</span>
            </p>
          )}
        </div>
        {instructs && !editing && (
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
      {editing && (
        <SetAssignmentForm courseId={courseId} editing={assignment} onCancel={() => setEditing(false)} onDone={() => setEditing(false)} />
      )}
      {instructs ? (
        <>
          <details className="panel assignment-instructions">
            <summary>Instructions</summary>
            {assignment.instructions.trim() ? <InstructionsText markdown={assignment.instructions} /> : <p className="muted">No instructions beyond the title.</p>}
          </details>
          <ClassView assignmentId={assignment.id} />
        </>
      ) : (
        <TeamAssignment assignment={assignment} team={teams[0]} />
      )}
      <PeerReviewSection assignmentId={assignment.id} courseId={courseId} instructs={instructs} />
      <TeammateEvaluationSection assignmentId={assignment.id} />
    </AppShell>
  );
}

export default AssignmentPage;
