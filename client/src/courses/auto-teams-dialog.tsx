import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { autoTeamLimits, type AutoTeamsResponse } from '../../../shared/schemas/roster';
import { callCourses } from '../api/course-endpoints';
import { queryKeys } from '../api/queries';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import { Loading } from '../ui/loading';
import { CourseDialog } from './course-dialog';
import { courseKeys } from './course-queries';

interface Choice {
  size: number;
  /** A roster column, or '' for random. */
  balanceBy: string;
  seed?: number | undefined;
}

const newSeed = () => Math.floor(Math.random() * 2 ** 32);

/**
 * Forming teams automatically from the learners in no team: a size, random
 * or balanced by a roster column; the proposal is shown as soon as they
 * are chosen (shuffled again on request), and "Create N
 * teams" makes exactly what it showed (the same seed). Teams already made
 * stay as they are.
 */
export function AutoTeamsDialog({ courseId, unassigned, onClose }: { courseId: string; unassigned: number; onClose: () => void }) {
  const queryClient = useQueryClient();
  const sizeId = useId();
  const balanceId = useId();
  const [size, setSize] = useState('4');
  const [balanceBy, setBalanceBy] = useState('');
  const [proposal, setProposal] = useState<AutoTeamsResponse | null>(null);
  const ask = (choice: Choice, confirm: boolean) =>
    callCourses('POST /api/groups/:courseId/teams/auto', {
      params: { courseId },
      body: { size: choice.size, seed: choice.seed, confirm, ...(choice.balanceBy ? { balanceBy: choice.balanceBy } : {}) },
    });
  const preview = useMutation({ mutationFn: (choice: Choice) => ask(choice, false) });
  const create = useMutation({
    mutationFn: (choice: Choice) => ask(choice, true),
    onSuccess: async (made) => {
      setProposal(made);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: courseKeys.teams(courseId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.members(courseId) }),
      ]);
    },
  });

  const sizeNumber = Number(size);
  const sizeValid = Number.isInteger(sizeNumber) && sizeNumber >= autoTeamLimits.minSize && sizeNumber <= autoTeamLimits.maxSize;
  const sizeError = sizeValid ? undefined : `A team size from ${autoTeamLimits.minSize} to ${autoTeamLimits.maxSize}.`;
  const previewWith = (seed: number) => {
    // Only the latest request's answer is shown (mutate's own onSuccess): an earlier, slower one is dropped.
    if (sizeValid) preview.mutate({ size: sizeNumber, balanceBy, seed }, { onSuccess: setProposal });
  };
  // A proposal comes at once, and again whenever the size or the column changes; with it, the columns one may balance by.
  useEffect(() => previewWith(newSeed()), [sizeNumber, sizeValid, balanceBy]);

  if (proposal?.applied) {
    return (
      <CourseDialog title="Teams formed" onClose={onClose}>
        <p role="status">
          {proposal.teams.length} {proposal.teams.length === 1 ? 'team' : 'teams'} made: {proposal.teams.map((team) => team.name).join(', ')}.
        </p>
      </CourseDialog>
    );
  }

  const current = proposal && proposal.size === sizeNumber && (proposal.balanceBy ?? '') === balanceBy ? proposal : null;
  const teams = current?.teams.length ?? 0;
  return (
    <CourseDialog
      title="Form teams automatically"
      wide
      submitLabel={`Create ${teams} ${teams === 1 ? 'team' : 'teams'}`}
      disabled={!current || teams === 0 || preview.isPending}
      pending={create.isPending}
      error={preview.error ?? create.error}
      onSubmit={() => current && create.mutate({ size: current.size, balanceBy: current.balanceBy ?? '', seed: current.seed })}
      onClose={onClose}
    >
      <p className="muted">
        {unassigned} {unassigned === 1 ? 'learner is' : 'learners are'} in no team yet; teams already made stay as they are.
      </p>
      <div className="auto-teams-choice">
        <div className="field">
          <label htmlFor={sizeId}>Team size</label>
          <input
            id={sizeId}
            type="number"
            inputMode="numeric"
            min={autoTeamLimits.minSize}
            max={autoTeamLimits.maxSize}
            value={size}
            {...fieldMessageProps(sizeId, sizeError)}
            onChange={(event) => setSize(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={balanceId}>Form</label>
          <select id={balanceId} value={balanceBy} onChange={(event) => setBalanceBy(event.target.value)}>
            <option value="">At random</option>
            {(proposal?.balanceColumns ?? []).map((column) => (
              <option key={column} value={column}>
                Balanced by {column}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button small" disabled={!sizeValid || preview.isPending} onClick={() => previewWith(newSeed())}>
          Shuffle again
        </button>
      </div>
      <FieldMessage id={sizeId} error={sizeError} />
      {preview.isPending && <Loading label="Proposing teams…" />}
      {current && !preview.isPending && <ProposalView proposal={current} />}
    </CourseDialog>
  );
}

function ProposalView({ proposal }: { proposal: AutoTeamsResponse }) {
  if (proposal.teams.length === 0) {
    return <p role="status">Every learner who has signed up is in a team already: nothing to form.</p>;
  }
  return (
    <>
      <p role="status">
        Proposed: {proposal.teams.length} {proposal.teams.length === 1 ? 'team' : 'teams'} of {proposal.teams.map((team) => team.members.length).join(', ')}
        {proposal.balanceBy ? `, each with a mix of ${proposal.balanceBy}` : ', at random'}.
      </p>
      {proposal.waitingInvites > 0 && (
        <p className="muted small">
          {proposal.waitingInvites} invited {proposal.waitingInvites === 1 ? 'learner has' : 'learners have'} not signed up yet and cannot be
          placed now.
        </p>
      )}
      <ul className="proposal-list" aria-label="Proposed teams">
        {proposal.teams.map((team) => (
          <li key={team.name} className="proposal-team">
            <h3>{team.name}</h3>
            <ul>
              {team.members.map(({ user, value }) => (
                <li key={user.id}>
                  {user.name}
                  {value !== null && <span className="muted small"> · {value || 'no value'}</span>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
