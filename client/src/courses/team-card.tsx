import { Link } from 'react-router-dom';
import type { TeamWithMembers } from '../../../shared/schemas/courses';
import type { User } from '../../../shared/schemas/auth';
import { ActionMenu, type MenuAction } from '../ui/action-menu';
import { Avatar } from '../ui/avatar';
import { learnersOf } from './course-roster';

/** What an instructor may do from a team's card; absent actions are not offered. */
export interface TeamCardActions {
  onMove?: (learner: User, from: TeamWithMembers) => void;
  onRemove?: (learner: User, from: TeamWithMembers) => void;
  onAddLearners?: (team: TeamWithMembers) => void;
  onRename?: (team: TeamWithMembers) => void;
  onDelete?: (team: TeamWithMembers) => void;
}

/**
 * One team of a course: its name (a link to the team's page), its learners,
 * and, for an instructor, a menu per learner (move, remove) and one for the
 * team (add learners, rename, delete). `cap` is the self-sign-up size cap,
 * shown as "3 of 4" so the instructor sees which teams have room.
 */
export function TeamCard({ team, cap, actions = {} }: { team: TeamWithMembers; cap?: number | null; actions?: TeamCardActions }) {
  const learners = learnersOf(team);
  const titleId = `team-${team.id}-title`;
  const count = cap ? `${learners.length} of ${cap}` : `${learners.length} ${learners.length === 1 ? 'learner' : 'learners'}`;
  const teamActions: MenuAction[] = [];
  if (actions.onAddLearners) teamActions.push({ label: 'Add learners…', onSelect: () => actions.onAddLearners?.(team) });
  if (actions.onRename) teamActions.push({ label: 'Rename…', onSelect: () => actions.onRename?.(team) });
  if (actions.onDelete) teamActions.push({ label: 'Delete team…', danger: true, onSelect: () => actions.onDelete?.(team) });

  return (
    <li className="team-card" aria-labelledby={titleId} data-team-id={team.id}>
      <div className="team-card-head">
        <h3 id={titleId}>
          <Link to={`/groups/${team.id}`}>{team.name}</Link>
        </h3>
        <span className="muted small team-count">{count}</span>
        {teamActions.length > 0 && <ActionMenu label={`More actions for ${team.name}`} actions={() => teamActions} />}
      </div>
      {learners.length === 0 ? (
        <p className="muted small team-empty">No learners yet.</p>
      ) : (
        <ul className="team-members" aria-label={`Learners in ${team.name}`}>
          {learners.map((learner) => (
            <li key={learner.id} className="team-member">
              <Avatar userId={learner.id} name={learner.name} size={26} />
              <span className="team-member-name" title={learner.email}>
                {learner.name}
              </span>
              {(actions.onMove || actions.onRemove) && (
                <ActionMenu
                  label={`Actions for ${learner.name}`}
                  actions={() => learnerActions(learner, team, actions)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function learnerActions(learner: User, team: TeamWithMembers, actions: TeamCardActions): MenuAction[] {
  const items: MenuAction[] = [];
  if (actions.onMove) items.push({ label: 'Move to team…', onSelect: () => actions.onMove?.(learner, team) });
  if (actions.onRemove) items.push({ label: `Remove from ${team.name}`, onSelect: () => actions.onRemove?.(learner, team) });
  return items;
}
