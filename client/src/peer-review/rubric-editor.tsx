import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { rubricLimits, type Rubric, type RubricDefinition } from '../../../shared/schemas/rubrics';
import { InlineError } from '../ui/error-panel';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys } from './peer-review-queries';
import { serverFieldPaths } from './review-errors';
import {
  blankCriterion,
  blankRubric,
  checkRubric,
  draftOf,
  editCriterion,
  editLevel,
  withLevelAdded,
  withLevelRemoved,
  type RubricDraft,
} from './rubric-draft';

/**
 * Makes a new rubric or changes one: a title, then criteria, each with a
 * description and levels (a label, what it looks like, and its points).
 * Checked whole on saving, each problem shown beside its field.
 */
export function RubricEditor({ courseId, editing, onSaved, onCancel }: { courseId: string; editing: Rubric | null; onSaved: (rubric: Rubric) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RubricDraft>(() => (editing ? draftOf(editing) : blankRubric()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (definition: RubricDefinition) =>
      editing
        ? callPeerReview('PATCH /api/rubrics/:rubricId', { params: { rubricId: editing.id }, body: definition })
        : callPeerReview('POST /api/groups/:courseId/rubrics', { params: { courseId }, body: definition }),
    onSuccess: async ({ rubric }) => {
      await queryClient.invalidateQueries({ queryKey: peerReviewKeys.rubrics(courseId) });
      onSaved(rubric);
    },
    onError: (error) => setErrors(serverFieldPaths(error)),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkRubric(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    save.mutate(checked.definition);
  };
  const fieldError = (path: string) =>
    errors[path] ? (
      <p className="field-error" id={`rubric-error-${path}`}>
        {errors[path]}
      </p>
    ) : null;
  const invalid = (path: string) => (errors[path] ? { 'aria-invalid': true as const, 'aria-describedby': `rubric-error-${path}` } : {});

  return (
    <form className="rubric-editor" aria-label={editing ? `Edit the rubric ${editing.title}` : 'New rubric'} onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="rubric-title">Rubric title</label>
        <input id="rubric-title" value={draft.title} maxLength={rubricLimits.titleLength} onChange={(event) => setDraft({ ...draft, title: event.target.value })} {...invalid('title')} />
        {fieldError('title')}
      </div>
      {editing && editing.usedBy > 1 && (
        <p className="hint">Used by {editing.usedBy} assignments’ peer reviews: a change applies to each of them.</p>
      )}
      {fieldError('criteria')}
      <ol className="rubric-criteria">
        {draft.criteria.map((criterion, c) => {
          const name = `Criterion ${c + 1}`;
          return (
            <li key={c}>
              <fieldset className="rubric-criterion">
                <legend>{name}</legend>
                <div className="field">
                  <label htmlFor={`criterion-${c}-title`}>Title</label>
                  <input
                    id={`criterion-${c}-title`}
                    aria-label={`${name} title`}
                    value={criterion.title}
                    onChange={(event) => setDraft(editCriterion(draft, c, (old) => ({ ...old, title: event.target.value })))}
                    {...invalid(`criteria.${c}.title`)}
                  />
                  {fieldError(`criteria.${c}.title`)}
                </div>
                <div className="field">
                  <label htmlFor={`criterion-${c}-description`}>Description</label>
                  <textarea
                    id={`criterion-${c}-description`}
                    aria-label={`${name} description`}
                    rows={2}
                    value={criterion.description}
                    onChange={(event) => setDraft(editCriterion(draft, c, (old) => ({ ...old, description: event.target.value })))}
                  />
                </div>
                {fieldError(`criteria.${c}.levels`)}
                <ol className="rubric-levels">
                  {criterion.levels.map((level, l) => {
                    const levelName = `${name}, level ${l + 1}`;
                    const base = `criteria.${c}.levels.${l}`;
                    return (
                      <li key={l} className="rubric-level-edit">
                        <div className="field">
                          <label htmlFor={`level-${c}-${l}-label`}>Level {l + 1}</label>
                          <input id={`level-${c}-${l}-label`} aria-label={`${levelName} label`} value={level.label} onChange={(event) => setDraft(editLevel(draft, c, l, { label: event.target.value }))} {...invalid(`${base}.label`)} />
                          {fieldError(`${base}.label`)}
                        </div>
                        <div className="field rubric-points">
                          <label htmlFor={`level-${c}-${l}-points`}>Points</label>
                          <input
                            id={`level-${c}-${l}-points`}
                            aria-label={`${levelName} points`}
                            inputMode="decimal"
                            value={level.points}
                            onChange={(event) => setDraft(editLevel(draft, c, l, { points: event.target.value }))}
                            {...invalid(`${base}.points`)}
                          />
                          {fieldError(`${base}.points`)}
                        </div>
                        <div className="field rubric-level-description">
                          <label htmlFor={`level-${c}-${l}-description`}>Description</label>
                          <textarea id={`level-${c}-${l}-description`} aria-label={`${levelName} description`} rows={2} value={level.description} onChange={(event) => setDraft(editLevel(draft, c, l, { description: event.target.value }))} />
                        </div>
                        <button
                          type="button"
                          className="button small quiet"
                          aria-label={`Remove level ${l + 1} of criterion ${c + 1}`}
                          disabled={criterion.levels.length <= rubricLimits.levels.min}
                          onClick={() => setDraft(withLevelRemoved(draft, c, l))}
                        >
                          Remove
                        </button>
                      </li>
                    );
                  })}
                </ol>
                <div className="actions">
                  <button type="button" className="button small" disabled={criterion.levels.length >= rubricLimits.levels.max} onClick={() => setDraft(withLevelAdded(draft, c))}>
                    Add a level to {name.toLowerCase()}
                  </button>
                  <button
                    type="button"
                    className="button small quiet"
                    disabled={draft.criteria.length <= rubricLimits.criteria.min}
                    onClick={() => setDraft({ ...draft, criteria: draft.criteria.filter((_, index) => index !== c) })}
                  >
                    Remove {name.toLowerCase()}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button small"
          disabled={draft.criteria.length >= rubricLimits.criteria.max}
          onClick={() => setDraft({ ...draft, criteria: [...draft.criteria, blankCriterion()] })}
        >
          Add a criterion
        </button>
      </div>
      {Object.keys(errors).length > 0 && !save.isError && (
        <p className="inline-error" role="alert">
          Some fields need a look before the rubric can be saved.
        </p>
      )}
      {save.isError && <InlineError error={save.error} />}
      <div className="actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save the rubric' : 'Create the rubric'}
        </button>
      </div>
    </form>
  );
}
