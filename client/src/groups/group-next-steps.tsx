import { Link } from 'react-router-dom';
import { useMembers } from '../api/queries';
import { EmptyState } from '../ui/empty-state';

/**
 * What to do next on a group page that would otherwise look finished:
 * nobody else has joined yet (share to invite the team), and where the
 * writing happens (the group's projects and documents are on home).
 */
export function GroupNextSteps({ groupId, manages }: { groupId: string; manages: boolean }) {
  const members = useMembers(groupId);
  const alone = members.data?.members.length === 1;
  return (
    <>
      {alone && (
        <section className="panel" aria-label="Invite your team">
          <EmptyState icon="invite" title="Only you so far">
            {manages ? (
              <p>Share to invite your team: create an invite link below and send it, or open a document and use Share to invite by email.</p>
            ) : (
              <p>Nobody else has joined yet. Ask an instructor of this group to share an invite link with your team.</p>
            )}
          </EmptyState>
        </section>
      )}
      <p className="muted">
        This group’s projects and documents are on <Link to="/">your home page</Link>, where you can start a new one.
      </p>
    </>
  );
}
