import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ClassViewTeam } from '../../../shared/schemas/class-view';
import type { SentScore, StoredScore } from '../../../shared/schemas/lti';
import { callLti } from '../api/lti-endpoints';
import { InlineError } from '../ui/error-panel';
import { assignmentKeys } from './assignment-queries';

const scoresKey = (assignmentId: string) => [...assignmentKeys.classView(assignmentId), 'lms-scores'] as const;

/** The scores given for the assignment, by learner, and whether the assignment is in an LMS that takes them. */
export function useLmsScores(assignmentId: string) {
  return useQuery({
    queryKey: scoresKey(assignmentId),
    queryFn: () => callLti('GET /api/assignments/:assignmentId/lti/scores', { params: { assignmentId } }),
    select: (answer) => ({ lms: answer.lms, byUser: new Map(answer.scores.map((score) => [score.userId, score])) }),
  });
}

const outcomeText: Record<SentScore['outcome'], string> = { sent: 'sent', failed: 'not sent', 'no-lms-account': 'not sent: no LMS account' };

/**
 * A team's score in its row of the class view, for an assignment placed in
 * an LMS: the instructor gives it out of a maximum and sends it to the LMS
 * gradebook; each learner of the team gets it, and the cell says for whom
 * it was sent and for whom not, and why.
 */
export function TeamScore({ assignmentId, row, scores }: { assignmentId: string; row: ClassViewTeam; scores: ReadonlyMap<string, StoredScore> }) {
  const queryClient = useQueryClient();
  const stored = row.members.flatMap((member) => scores.get(member.user.id) ?? []);
  // The team's score is the one its members share; once members got scores
  // of their own (a team grade adjusted per member), there is none to show.
  const shared = stored.every((score) => score.scoreGiven === stored[0]?.scoreGiven) ? stored[0] : undefined;
  const [given, setGiven] = useState(shared ? String(shared.scoreGiven) : '');
  const [maximum, setMaximum] = useState(stored[0] ? String(stored[0].scoreMaximum) : '100');
  const scoreId = useId();
  const send = useMutation({
    mutationFn: () =>
      callLti('POST /api/assignments/:assignmentId/lti/scores', {
        params: { assignmentId },
        body: { teamId: row.team.id, scoreGiven: Number(given), scoreMaximum: Number(maximum) },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scoresKey(assignmentId) }),
  });
  if (row.members.length === 0) return <span className="muted">No learners</span>;

  const valid = given.trim() !== '' && maximum.trim() !== '' && Number(given) >= 0 && Number(maximum) > 0;
  const results = send.data?.results;
  return (
    <form
      className="team-score"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) send.mutate();
      }}
    >
      <label htmlFor={scoreId} className="visually-hidden">
        Score of {row.team.name}
      </label>
      <input id={scoreId} type="number" min={0} step="any" inputMode="decimal" value={given} onChange={(event) => setGiven(event.target.value)} />
      {' / '}
      <input type="number" min={0} step="any" inputMode="decimal" aria-label={`Out of, for ${row.team.name}`} value={maximum} onChange={(event) => setMaximum(event.target.value)} />
      <button type="submit" className="button small" disabled={!valid || send.isPending} aria-label={`Send the score of ${row.team.name} to the LMS`}>
        {send.isPending ? 'Sending…' : 'Send to LMS'}
      </button>
      <InlineError error={send.error} />
      <ul className="score-outcomes muted small">
        {results
          ? results.map((result) => (
              <li key={result.user.id} data-outcome={result.outcome}>
                {result.user.name}: {outcomeText[result.outcome]}
                {result.outcome === 'failed' && result.message ? ` (${result.message})` : ''}
              </li>
            ))
          : row.members.map((member) => {
              const score = scores.get(member.user.id);
              if (!score) return null;
              return (
                <li key={member.user.id} data-outcome={score.sentAt !== null ? 'sent' : 'failed'}>
                  {member.user.name}: {score.scoreGiven}/{score.scoreMaximum} {score.sentAt !== null ? 'sent' : `not sent${score.error ? ` (${score.error})` : ''}`}
                </li>
              );
            })}
      </ul>
    </form>
  );
}
