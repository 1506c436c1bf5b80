import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { type Dimension, dimensionLevels, dimensions, type LearnerEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { InlineError } from '../ui/error-panel';
import { callEvaluation, evaluationKey } from './evaluation-endpoints';

const levels = [1, 2, 3, 4, 5] as const;
type Draft = Record<string, Partial<Record<Dimension, number>>>;

/**
 * A learner rates themselves and each teammate on the five dimensions,
 * dimension by dimension as CATME lays it out: what levels 1, 3 and 5
 * look like, then a row of 1 to 5 for each member, so everyone is judged
 * against the same words side by side. A comment per member goes to the
 * instructors only. The whole set is sent at once and once: the form says
 * so, and names anything left unrated instead of sending.
 */
export function EvaluationForm({ assignmentId, evaluation }: { assignmentId: string; evaluation: LearnerEvaluation }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const formId = useId();
  const nameOf = (ratee: LearnerEvaluation['ratees'][number]) => (ratee.self ? `${ratee.user.name} (you)` : ratee.user.name);

  const send = useMutation({
    mutationFn: () =>
      callEvaluation('PUT /api/assignments/:assignmentId/teammate-evaluation', {
        params: { assignmentId },
        body: {
          ratings: evaluation.ratees.map(({ user }) => {
            const scores = draft[user.id]!;
            const comment = comments[user.id]?.trim();
            return {
              rateeId: user.id,
              scores: {
                contributing: scores.contributing!,
                interacting: scores.interacting!,
                keepingOnTrack: scores.keepingOnTrack!,
                expectingQuality: scores.expectingQuality!,
                knowledgeAndSkills: scores.knowledgeAndSkills!,
              },
              ...(comment ? { comment } : {}),
            };
          }),
        },
      }),
    onSuccess: (answer) => queryClient.setQueryData(evaluationKey(assignmentId), answer),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const gaps = dimensions.flatMap((dimension) =>
      evaluation.ratees.filter(({ user }) => draft[user.id]?.[dimension] === undefined).map((ratee) => `${dimensionLevels[dimension].title}: ${nameOf(ratee)}`),
    );
    setMissing(gaps);
    if (gaps.length === 0) send.mutate();
  };

  return (
    <form className="evaluation-form" aria-label="Your teammate evaluation" onSubmit={onSubmit} noValidate>
      <p>
        Rate yourself and each teammate from 1 to 5 on each of the five dimensions; 2 and 4 are between the descriptions. Your teammates never see your
        ratings or comments: they see only their averages, once your instructor releases them.
      </p>
      {dimensions.map((dimension) => (
        <DimensionRatings
          key={dimension}
          dimension={dimension}
          formId={formId}
          ratees={evaluation.ratees.map((ratee) => ({ id: ratee.user.id, name: nameOf(ratee) }))}
          values={Object.fromEntries(evaluation.ratees.map(({ user }) => [user.id, draft[user.id]?.[dimension]]))}
          onChange={(rateeId, value) => setDraft((before) => ({ ...before, [rateeId]: { ...before[rateeId], [dimension]: value } }))}
        />
      ))}
      <fieldset className="evaluation-comments">
        <legend>Comments for your instructor (optional)</legend>
        <p className="muted small">Only the course’s instructors read these.</p>
        {evaluation.ratees.map((ratee) => (
          <div className="field" key={ratee.user.id}>
            <label htmlFor={`${formId}-comment-${ratee.user.id}`}>About {nameOf(ratee)}</label>
            <textarea
              id={`${formId}-comment-${ratee.user.id}`}
              rows={2}
              maxLength={2000}
              value={comments[ratee.user.id] ?? ''}
              onChange={(event) => setComments((before) => ({ ...before, [ratee.user.id]: event.target.value }))}
            />
          </div>
        ))}
      </fieldset>
      {missing.length > 0 && (
        <div className="inline-error" role="alert">
          <p>Rate every member on every dimension before sending. Still to rate:</p>
          <ul>
            {missing.map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </div>
      )}
      <InlineError error={send.error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send my evaluation'}
        </button>
        <span className="muted small">You send it once: it cannot be changed afterwards.</span>
      </div>
    </form>
  );
}

function DimensionRatings({
  dimension,
  formId,
  ratees,
  values,
  onChange,
}: {
  dimension: Dimension;
  formId: string;
  ratees: { id: string; name: string }[];
  values: Record<string, number | undefined>;
  onChange: (rateeId: string, value: number) => void;
}) {
  const { title, levels: described } = dimensionLevels[dimension];
  const describedBy = `${formId}-${dimension}-levels`;
  return (
    <section className="evaluation-dimension" aria-labelledby={`${formId}-${dimension}-title`}>
      <h3 id={`${formId}-${dimension}-title`}>{title}</h3>
      <dl className="dimension-levels" id={describedBy}>
        {([1, 3, 5] as const).map((level) => (
          <div key={level}>
            <dt>{level}</dt>
            <dd>{described[level]}</dd>
          </div>
        ))}
      </dl>
      {ratees.map((ratee) => (
        <fieldset key={ratee.id} className="rating-row" aria-label={`${title}: ${ratee.name}`} aria-describedby={describedBy}>
          <legend>{ratee.name}</legend>
          <span className="rating-scale">
            {levels.map((level) => (
              <label key={level}>
                <input type="radio" name={`${formId}-${dimension}-${ratee.id}`} value={level} checked={values[ratee.id] === level} onChange={() => onChange(ratee.id, level)} />
                <span>{level}</span>
              </label>
            ))}
          </span>
        </fieldset>
      ))}
    </section>
  );
}
