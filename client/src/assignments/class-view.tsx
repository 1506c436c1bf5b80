import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { assignmentStatuses, type AssignmentStatus } from '../../../shared/schemas/courses';
import { classViewCsvPath, fetchClassView } from '../api/assignment-endpoints';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { assignmentKeys } from './assignment-queries';
import { ClassViewRow } from './class-view-row';
import { TeamScore, useLmsScores } from './class-view-scores';
import { classRows, classSorts, statusCounts, statusText, type ClassFilter, type ClassSort } from './class-view-rows';

/**
 * The instructor's class view: every team of the assignment in a row with
 * its status, words, last activity, each member's share, quiet members and
 * unanswered threads; sorted and filtered here, exported as CSV by the server.
 */
export function ClassView({ assignmentId }: { assignmentId: string }) {
  const view = useQuery({ queryKey: assignmentKeys.classView(assignmentId), queryFn: () => fetchClassView(assignmentId) });
  // An assignment placed in an LMS that takes scores gets a score column; any other has none.
  const lms = useLmsScores(assignmentId);
  const scores = lms.data?.lms ? lms.data.byUser : null;
  const [sort, setSort] = useState<ClassSort>('status');
  const [filter, setFilter] = useState<ClassFilter>({ status: 'all', needsAttention: false });
  const sortId = useId();
  const statusId = useId();

  if (view.isPending) return <Loading label="Loading the class view…" />;
  if (view.isError) return <ErrorPanel error={view.error} onRetry={() => void view.refetch()} />;

  const { teams, limits } = view.data;
  const rows = classRows(teams, sort, filter);
  const counts = statusCounts(teams);
  const attention = teams.filter((row) => row.needsAttention.length > 0).length;

  return (
    <section className="panel class-view" aria-labelledby="class-view-title">
      <div className="section-head">
        <div>
          <h2 id="class-view-title">Class view</h2>
          <p className="muted small">
            {teams.length} {teams.length === 1 ? 'team' : 'teams'} · {counts.submitted} submitted · {attention} {attention === 1 ? 'needs' : 'need'} attention. A
            member’s share stands out under {Math.round(limits.shareUnder * 100)}% or over {Math.round(limits.shareOver * 100)}%.
          </p>
        </div>
        <a className="button small" href={classViewCsvPath(assignmentId)} download>
          Download CSV
        </a>
      </div>
      {teams.length === 0 ? (
        <EmptyState icon="groups" title="No teams in this course yet" headingLevel={3} compact>
          <p>Form teams on the course page; each gets its copy of the assignment.</p>
        </EmptyState>
      ) : (
        <>
          <div className="class-controls" role="group" aria-label="Sort and filter the teams">
            <div className="field inline-field">
              <label htmlFor={sortId}>Sort by</label>
              <select id={sortId} value={sort} onChange={(event) => setSort(event.target.value as ClassSort)}>
                {classSorts.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field inline-field">
              <label htmlFor={statusId}>Status</label>
              <select
                id={statusId}
                value={filter.status}
                onChange={(event) => setFilter({ ...filter, status: event.target.value as AssignmentStatus | 'all' })}
              >
                <option value="all">All ({teams.length})</option>
                {assignmentStatuses.map((status) => (
                  <option key={status} value={status}>
                    {statusText[status]} ({counts[status]})
                  </option>
                ))}
              </select>
            </div>
            <label className="check">
              <input type="checkbox" checked={filter.needsAttention} onChange={(event) => setFilter({ ...filter, needsAttention: event.target.checked })} /> Needs
              attention only ({attention})
            </label>
          </div>
          {rows.length === 0 ? (
            <p className="muted">No team matches these filters.</p>
          ) : (
            <table className="class-table">
              <caption className="visually-hidden">Teams, sorted by {classSorts.find((option) => option.value === sort)?.label.toLowerCase()}</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Status</th>
                  <th scope="col">Words</th>
                  <th scope="col">Last activity</th>
                  <th scope="col">Members’ shares</th>
                  <th scope="col">Attention</th>
                  {scores && <th scope="col">Score (LMS)</th>}
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <ClassViewRow
                    key={row.team.id}
                    assignmentId={assignmentId}
                    assignmentDueAt={view.data.assignment.dueAt}
                    row={row}
                    score={scores && <TeamScore assignmentId={assignmentId} row={row} scores={scores} />}
                  />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
