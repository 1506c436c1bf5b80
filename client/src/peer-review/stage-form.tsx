import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { maxReviewsPerTeamAsked, type PeerReviewAllocation } from '../../../shared/schemas/peer-review';
import type { ReviewAnonymity } from '../../../shared/schemas/peer-reviews';
import { fromLocalInput, toLocalInput, viewerZone } from '../assignments/due-time';
import { InlineError } from '../ui/error-panel';
import { TextField } from '../ui/text-field';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys } from './peer-review-queries';
import { RubricPicker } from './rubric-picker';

export const anonymityChoices: { value: ReviewAnonymity; label: string }[] = [
  { value: 'reviewers', label: 'Reviewers hidden from authors (“Reviewer 1, 2…”)' },
  { value: 'both', label: 'Hidden both ways (authors are “Submission 1, 2…” to reviewers too)' },
  { value: 'none', label: 'Nobody hidden: every team is named' },
];

/** A datetime-local value as the API's milliseconds; null when empty. */
const moment = (value: string): number | null => {
  const iso = fromLocalInput(value);
  return iso === null ? null : Date.parse(iso);
};

/**
 * The peer review's settings: the rubric, K, who is hidden from whom, the
 * due and opening times. Before an allocation exists, saving makes one;
 * after, the settings are saved as they are (the rubric and K only by
 * allocating again, which replaces moves made by hand). Once the reviews
 * are open only the due time still changes.
 */
export function StageForm({ assignmentId, courseId, allocation }: { assignmentId: string; courseId: string; allocation: PeerReviewAllocation | null }) {
  const queryClient = useQueryClient();
  const opened = allocation?.openedAt != null;
  const [rubricId, setRubricId] = useState(allocation?.rubricId ?? '');
  const [k, setK] = useState(String(allocation?.k ?? 2));
  const [anonymity, setAnonymity] = useState<ReviewAnonymity>(allocation?.anonymity ?? 'reviewers');
  const [dueAt, setDueAt] = useState(allocation?.dueAt ? toLocalInput(allocation.dueAt) : '');
  const [opensAt, setOpensAt] = useState(allocation?.opensAt ? toLocalInput(allocation.opensAt) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const anonymityName = useId();

  const refresh = () => queryClient.invalidateQueries({ queryKey: peerReviewKeys.stage(assignmentId) });
  const allocate = useMutation({
    mutationFn: () =>
      callPeerReview('POST /api/assignments/:assignmentId/peer-review/allocation', {
        params: { assignmentId },
        body: { rubricId, k: Number(k), anonymity, dueAt: moment(dueAt), opensAt: moment(opensAt) },
      }),
    onSuccess: refresh,
  });
  const saveSettings = useMutation({
    mutationFn: () =>
      callPeerReview('PATCH /api/assignments/:assignmentId/peer-review/stage', {
        params: { assignmentId },
        body: opened ? { dueAt: moment(dueAt) } : { anonymity, dueAt: moment(dueAt), opensAt: moment(opensAt) },
      }),
    onSuccess: refresh,
  });

  const check = (): boolean => {
    const count = Number(k);
    if (!rubricId) setProblem('Choose a rubric, or make one.');
    else if (!Number.isInteger(count) || count < 1 || count > maxReviewsPerTeamAsked) setProblem(`Reviews per team: a whole number from 1 to ${maxReviewsPerTeamAsked}.`);
    else if ((dueAt && moment(dueAt) === null) || (opensAt && moment(opensAt) === null)) setProblem('A time is not complete.');
    else {
      setProblem(null);
      return true;
    }
    return false;
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!check()) return;
    if (allocation) saveSettings.mutate();
    else allocate.mutate();
  };
  const pending = allocate.isPending || saveSettings.isPending;
  const changesAllocation = allocation !== null && (rubricId !== allocation.rubricId || Number(k) !== allocation.k);

  return (
    <div className="stage-form">
      {/* Beside the form, not in it: the rubric editor is a form of its own. */}
      <RubricPicker courseId={courseId} value={rubricId} onChange={setRubricId} locked={opened} />
      <form className="stage-settings" aria-label="Peer review settings" onSubmit={onSubmit} noValidate>
        <div className="field-row">
          <TextField
            label="Reviews per team (K)"
            type="number"
            min={1}
            max={maxReviewsPerTeamAsked}
            value={k}
            disabled={opened}
            hint="Each team reviews K other teams’ documents, and each document gets K reviews."
            onChange={(event) => setK(event.target.value)}
          />
          <TextField label="Reviews due" type="datetime-local" value={dueAt} hint="Empty: no due time." onChange={(event) => setDueAt(event.target.value)} />
          <TextField
            label="Reviews open"
            type="datetime-local"
            value={opensAt}
            disabled={opened}
            hint={opened ? 'Open already.' : 'Empty: when you open them.'}
            onChange={(event) => setOpensAt(event.target.value)}
          />
        </div>
        <p className="hint">Times are on your clock ({viewerZone()}).</p>
        <fieldset className="field choice-group" disabled={opened}>
          <legend>Who is hidden</legend>
          {anonymityChoices.map((choice) => (
            <label key={choice.value}>
              <input type="radio" name={anonymityName} checked={anonymity === choice.value} onChange={() => setAnonymity(choice.value)} /> {choice.label}
            </label>
          ))}
        </fieldset>
        {problem && (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        )}
        {allocate.isError && <InlineError error={allocate.error} />}
        {saveSettings.isError && <InlineError error={saveSettings.error} />}
        <div className="actions">
          {allocation === null ? (
            <button type="submit" className="button primary" disabled={pending}>
              {allocate.isPending ? 'Allocating…' : 'Make the allocation'}
            </button>
          ) : (
            <>
              <button type="submit" className="button" disabled={pending || changesAllocation}>
                {saveSettings.isPending ? 'Saving…' : 'Save the settings'}
              </button>
              {!opened && (
                <button type="button" className={changesAllocation ? 'button primary' : 'button'} disabled={pending} onClick={() => check() && allocate.mutate()}>
                  {allocate.isPending ? 'Allocating…' : 'Allocate again'}
                </button>
              )}
            </>
          )}
        </div>
        {changesAllocation && <p className="hint">A new rubric or K takes a new allocation: allocating again replaces any review moved by hand.</p>}
      </form>
    </div>
  );
}
