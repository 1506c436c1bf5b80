import { useId } from 'react';
import type { User } from '../../../shared/schemas/auth';
import type { CoursePlaces } from './course-roster';

/**
 * A list of the course's learners to tick, for forming a team by hand:
 * learners in no team first, then those in a team, named with it (ticking
 * one moves them). A plain checkbox list, so keyboard and screen reader
 * users pick members as everyone else does.
 */
export function LearnerPicker({
  places,
  chosen,
  onChange,
  legend = 'Members',
  exceptTeamId,
}: {
  places: CoursePlaces;
  chosen: ReadonlySet<string>;
  onChange: (chosen: Set<string>) => void;
  legend?: string;
  /** The team being added to: its own learners are not offered. */
  exceptTeamId?: string;
}) {
  const hintId = useId();
  const placed = places.learners.filter((learner) => {
    const team = places.teamOf.get(learner.id);
    return team && team.id !== exceptTeamId;
  });
  const toggle = (learner: User, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(learner.id);
    else next.delete(learner.id);
    onChange(next);
  };
  const row = (learner: User) => {
    const team = places.teamOf.get(learner.id);
    return (
      <li key={learner.id}>
        <label className="check">
          <input type="checkbox" checked={chosen.has(learner.id)} onChange={(event) => toggle(learner, event.target.checked)} />
          <span>
            {learner.name}
            {team && <span className="muted small"> · now in {team.name}</span>}
          </span>
        </label>
      </li>
    );
  };

  return (
    <fieldset className="learner-picker" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <p className="hint" id={hintId}>
        {chosen.size === 0 ? 'None chosen.' : `${chosen.size} chosen.`} A learner already in a team leaves it.
      </p>
      {places.learners.length === 0 ? (
        <p className="muted small">No learners in this course yet: import a roster or share an invite link.</p>
      ) : (
        <ul className="learner-picker-list">
          {places.unassigned.map(row)}
          {placed.map(row)}
        </ul>
      )}
    </fieldset>
  );
}
