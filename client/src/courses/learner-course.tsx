import { Link } from 'react-router-dom';
import type { TeamWithMembers } from '../../../shared/schemas/courses';
import { useUser } from '../auth/session-gate';
import { InlineError } from '../ui/error-panel';
import { learnersOf, teamsWithRoom } from './course-roster';
import { TeamWork } from './team-work';
import './courses.css';

/**
 * A learner's view of their course: their team, its members and its work;
 * or, with no team yet, the teams they may join when the instructor lets
 * learners pick (self-sign-up, `cap` the most learners in a team), else
 * word that an instructor places them.
 */
export function LearnerCourse({
  teams,
  cap,
  joining,
  joinError,
  onJoin,
}: {
  teams: readonly TeamWithMembers[];
  cap: number | null;
  joining: boolean;
  joinError: unknown;
  onJoin: (team: TeamWithMembers) => void;
}) {
  const me = useUser();
  const mine = teams.find((team) => team.members.some((member) => member.user.id === me.id));

  if (mine) {
    const others = learnersOf(mine).filter((learner) => learner.id !== me.id);
    return (
      <section className="panel learner-course" aria-labelledby="my-team-title">
        <p className="eyebrow">Your team</p>
        <h2 id="my-team-title">
          <Link to={`/groups/${mine.id}`}>{mine.name}</Link>
        </h2>
        <p className="muted">{others.length === 0 ? 'Only you so far.' : `With ${others.map((learner) => learner.name).join(', ')}.`}</p>
        <TeamWork teamId={mine.id} />
      </section>
    );
  }

  const open = cap === null ? [] : teamsWithRoom(teams, cap);
  return (
    <section className="panel learner-course" aria-labelledby="join-title">
      <h2 id="join-title">{cap === null ? 'Your team' : 'Join a team'}</h2>
      {cap === null ? (
        <p className="muted">You are not in a team yet. An instructor of the course places you in one.</p>
      ) : open.length === 0 ? (
        <p className="muted">Every team is full (at most {cap} learners each). Ask an instructor to make another.</p>
      ) : (
        <>
          <p className="muted">Pick the team you work with: at most {cap} learners a team. An instructor can move you later.</p>
          <InlineError error={joinError} />
          <ul className="join-team-list" aria-label="Teams with room">
            {open.map((team) => {
              const learners = learnersOf(team);
              return (
                <li key={team.id} className="join-team">
                  <div>
                    <strong>{team.name}</strong>
                    <span className="muted small">
                      {' '}
                      · {learners.length} of {cap}
                      {learners.length > 0 && `: ${learners.map((learner) => learner.name).join(', ')}`}
                    </span>
                  </div>
                  <button type="button" className="button small primary" disabled={joining} aria-label={`Join ${team.name}`} onClick={() => onJoin(team)}>
                    Join
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
