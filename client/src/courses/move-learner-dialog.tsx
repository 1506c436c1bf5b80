import { useId, useState } from 'react';
import type { TeamWithMembers } from '../../../shared/schemas/courses';
import type { User } from '../../../shared/schemas/auth';
import { CourseDialog } from './course-dialog';
import { learnersOf, sortTeams } from './course-roster';

/**
 * "Move to team…": picks the team a learner goes to. What they wrote stays
 * theirs: authorship is by person, not by team, so moving changes only
 * which team's documents they can open from now on.
 */
export function MoveLearnerDialog({
  learner,
  from,
  teams,
  pending,
  error,
  onMove,
  onClose,
}: {
  learner: User;
  from: TeamWithMembers | null;
  teams: readonly TeamWithMembers[];
  pending: boolean;
  error: unknown;
  onMove: (to: TeamWithMembers) => void;
  onClose: () => void;
}) {
  const selectId = useId();
  const choices = sortTeams(teams).filter((team) => team.id !== from?.id);
  const [teamId, setTeamId] = useState(choices[0]?.id ?? '');
  const to = choices.find((team) => team.id === teamId);
  return (
    <CourseDialog
      title={from ? `Move ${learner.name}` : `Add ${learner.name} to a team`}
      submitLabel="Move"
      pending={pending}
      disabled={!to}
      error={error}
      onSubmit={() => to && onMove(to)}
      onClose={onClose}
    >
      {from && <p className="muted">Now in {from.name}. What they wrote there stays credited to them.</p>}
      {choices.length === 0 ? (
        <p>There is no other team yet: create one first.</p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>Team</label>
          <select id={selectId} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            {choices.map((team) => {
              const size = learnersOf(team).length;
              return (
                <option key={team.id} value={team.id}>
                  {team.name} ({size} {size === 1 ? 'learner' : 'learners'})
                </option>
              );
            })}
          </select>
        </div>
      )}
    </CourseDialog>
  );
}
