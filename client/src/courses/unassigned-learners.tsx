import type { User } from '../../../shared/schemas/auth';
import { Avatar } from '../ui/avatar';

/**
 * The course's learners in no team, each with a way into one. Learners who
 * were invited by a roster but have not signed up are not listed: they
 * join their team when they do.
 */
export function UnassignedLearners({ learners, canPlace, onPlace }: { learners: readonly User[]; canPlace: boolean; onPlace: (learner: User) => void }) {
  return (
    <div className="unassigned" aria-labelledby="unassigned-title">
      <h3 id="unassigned-title">Unassigned learners</h3>
      {learners.length === 0 ? (
        <p className="muted small">Every learner of the course is in a team.</p>
      ) : (
        <ul className="unassigned-list" aria-label="Unassigned learners">
          {learners.map((learner) => (
            <li key={learner.id} className="team-member">
              <Avatar userId={learner.id} name={learner.name} size={26} />
              <span className="team-member-name" title={learner.email}>
                {learner.name}
              </span>
              {canPlace && (
                <button type="button" className="button quiet small" aria-haspopup="dialog" aria-label={`Add ${learner.name} to a team`} onClick={() => onPlace(learner)}>
                  Add to team…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
