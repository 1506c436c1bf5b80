import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ClassViewMember, ClassViewTeam } from '../../../shared/schemas/class-view';
import { userColor } from '../../../shared/user-color';
import { attentionText } from './class-view-rows';
import { formatDue, formatMoment } from './due-time';
import { StatusBadge } from './status-badge';
import { TeamDeadlineActions } from './team-deadline-actions';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * One team of the class view. Each cell names itself (data-label) for the
 * stacked rows of a narrow screen. `score` is the team's score cell, given
 * when the assignment is placed in an LMS that takes scores.
 */
export function ClassViewRow({ assignmentId, assignmentDueAt, row, score }: { assignmentId: string; assignmentDueAt: number; row: ClassViewTeam; score?: ReactNode }) {
  const quiet = row.members.filter((member) => member.quiet);
  return (
    <tr data-team-id={row.team.id} data-status={row.status}>
      <th scope="row" data-label="Team">
        {row.team.name}
        {row.dueAt !== assignmentDueAt && <span className="muted small block">Extended to {formatDue(row.dueAt)}</span>}
        {row.submittedAt !== null && (
          <span className="muted small block">
            Submitted <time dateTime={new Date(row.submittedAt).toISOString()}>{formatMoment(row.submittedAt)}</time>
          </span>
        )}
      </th>
      <td data-label="Status">
        <StatusBadge status={row.status} />
      </td>
      <td data-label="Words" data-measure="words">
        {row.words.toLocaleString()}
      </td>
      <td data-label="Last activity">
        {row.lastActivity === null ? <span className="muted">None yet</span> : <time dateTime={new Date(row.lastActivity).toISOString()}>{formatMoment(row.lastActivity)}</time>}
      </td>
      <td data-label="Members’ shares">
        <MemberShares members={row.members} />
      </td>
      <td data-label="Attention">
        {row.needsAttention.length === 0 && quiet.length === 0 && row.unansweredThreads === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="attention-list">
            {row.needsAttention.map((reason) => (
              <li key={reason} className="attention-flag">
                {attentionText[reason]}
              </li>
            ))}
            {quiet.length > 0 && <li className="muted small">Quiet: {quiet.map((member) => member.user.name).join(', ')}</li>}
            {row.unansweredThreads > 0 && (
              <li className="muted small">
                {row.unansweredThreads} unanswered {row.unansweredThreads === 1 ? 'thread' : 'threads'}
              </li>
            )}
          </ul>
        )}
      </td>
      {score && <td data-label="Score (LMS)">{score}</td>}
      <td data-label="Actions">
        {row.docId ? (
          <span className="row-links">
            <Link to={`/docs/${row.docId}`} aria-label={`Document of ${row.team.name}`}>
              Document
            </Link>
            <Link to={`/docs/${row.docId}/history`} aria-label={`History of ${row.team.name}`}>
              History
            </Link>
            <Link to={`/docs/${row.docId}/contributions`} aria-label={`Contributions of ${row.team.name}`}>
              Contributions
            </Link>
          </span>
        ) : (
          <span className="muted">Not open yet</span>
        )}
        <TeamDeadlineActions assignmentId={assignmentId} row={row} />
      </td>
    </tr>
  );
}

/**
 * Each member's share of the team's surviving text: a small stacked bar
 * for the eye, and the names with their percentages in words; a share that
 * stands out says so in text ("most", "little"), not by colour only.
 */
function MemberShares({ members }: { members: readonly ClassViewMember[] }) {
  if (members.length === 0) return <span className="muted">No members</span>;
  const written = members.filter((member) => (member.share ?? 0) > 0);
  return (
    <div className="member-shares">
      {written.length > 0 && (
        <div className="share-bar" aria-hidden="true">
          {written.map((member) => (
            <span
              key={member.user.id}
              className={member.shareFlag ? `share-part share-${member.shareFlag}` : 'share-part'}
              style={{ width: percent(member.share ?? 0), background: userColor(member.user.id) }}
            />
          ))}
        </div>
      )}
      <ul className="share-list">
        {members.map((member) => (
          <li key={member.user.id} data-user-id={member.user.id} data-share-flag={member.shareFlag ?? undefined}>
            <span className="share-swatch" style={{ background: userColor(member.user.id) }} aria-hidden="true" />
            {member.user.name} {member.share === null ? <span className="muted">0%</span> : percent(member.share)}
            {member.shareFlag === 'over' && <span className="attention-flag">most</span>}
            {member.shareFlag === 'under' && <span className="attention-flag">little</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
