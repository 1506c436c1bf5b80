import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { PeerReviewAllocation } from '../../../shared/schemas/peer-review';
import { InlineError } from '../ui/error-panel';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys } from './peer-review-queries';

type Team = PeerReviewAllocation['teams'][number];
type Review = PeerReviewAllocation['reviews'][number];

/**
 * Who reviews whom, by name: each team's document with the teams reviewing
 * it ("Reviewer 1" as its authors will know them) and its members. Until the
 * reviews open, one review can be moved to another team; the server refuses
 * the team itself and a team already reviewing that document.
 */
export function AllocationTable({ allocation }: { allocation: PeerReviewAllocation }) {
  const teamsById = new Map(allocation.teams.map((team) => [team.id, team]));
  const byReviewee = new Map<string, Review[]>();
  for (const review of allocation.reviews) {
    const list = byReviewee.get(review.revieweeTeam.id) ?? [];
    list.push(review);
    byReviewee.set(review.revieweeTeam.id, list);
  }
  const open = allocation.openedAt !== null;

  return (
    <table className="class-table allocation-table">
      <caption className="visually-hidden">Who reviews whom</caption>
      <thead>
        <tr>
          <th scope="col">Team’s document</th>
          <th scope="col">Reviewed by</th>
          <th scope="col">Reviews it writes</th>
        </tr>
      </thead>
      <tbody>
        {allocation.teams.map((team) => (
          <tr key={team.id}>
            <th scope="row">
              {team.name}
              <span className="muted small block">{team.members.map((member) => member.name).join(', ') || 'No members'}</span>
            </th>
            <td>
              <ul className="plain-list">
                {(byReviewee.get(team.id) ?? [])
                  .sort((a, b) => a.reviewerIndex - b.reviewerIndex)
                  .map((review) => (
                    <li key={review.reviewerTeam.id}>
                      <span className="muted small">Reviewer {review.reviewerIndex}: </span>
                      {review.reviewerTeam.name}
                      {!open && <MoveReview assignmentId={allocation.assignmentId} review={review} teams={allocation.teams} />}
                    </li>
                  ))}
              </ul>
            </td>
            <td>{teamsById.get(team.id)?.reviewing ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Moves one review to another team: a small select and button beside the reviewing team's name. */
function MoveReview({ assignmentId, review, teams }: { assignmentId: string; review: Review; teams: Team[] }) {
  const queryClient = useQueryClient();
  const [toTeamId, setToTeamId] = useState('');
  const selectId = useId();
  const move = useMutation({
    mutationFn: () =>
      callPeerReview('PATCH /api/assignments/:assignmentId/peer-review/allocation', {
        params: { assignmentId },
        body: { revieweeTeamId: review.revieweeTeam.id, fromTeamId: review.reviewerTeam.id, toTeamId },
      }),
    onSuccess: async (answer) => {
      setToTeamId('');
      queryClient.setQueryData(peerReviewKeys.allocation(assignmentId), answer);
      await queryClient.invalidateQueries({ queryKey: peerReviewKeys.stage(assignmentId) });
    },
  });
  const others = teams.filter((team) => team.id !== review.revieweeTeam.id && team.id !== review.reviewerTeam.id);
  if (others.length === 0) return null;
  const what = `${review.reviewerTeam.name}’s review of ${review.revieweeTeam.name}`;
  return (
    <span className="move-review">
      <label className="visually-hidden" htmlFor={selectId}>
        Move {what} to
      </label>
      <select id={selectId} value={toTeamId} onChange={(event) => setToTeamId(event.target.value)}>
        <option value="">Move to…</option>
        {others.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      <button type="button" className="button small" disabled={!toTeamId || move.isPending} onClick={() => move.mutate()} aria-label={`Move ${what}`}>
        {move.isPending ? 'Moving…' : 'Move'}
      </button>
      {move.isError && <InlineError error={move.error} />}
    </span>
  );
}
