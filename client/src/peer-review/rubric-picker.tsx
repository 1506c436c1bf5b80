import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Rubric } from '../../../shared/schemas/rubrics';
import { InlineError } from '../ui/error-panel';
import { useFilePick } from '../ui/file-pick';
import { Loading } from '../ui/loading';
import { importRubricFile, rubricExportPath } from './peer-review-endpoints';
import { peerReviewKeys, useRubrics } from './peer-review-queries';
import { RubricEditor } from './rubric-editor';
import { RubricSummary } from './rubric-summary';

/**
 * Picks the course's rubric for a peer review, or makes one: new, edited,
 * imported from a JSON file exported here or elsewhere, and downloaded as
 * such a file. The chosen one is shown in full below the choice.
 */
export function RubricPicker({ courseId, value, onChange, locked }: { courseId: string; value: string; onChange: (rubricId: string) => void; locked: boolean }) {
  const queryClient = useQueryClient();
  const rubrics = useRubrics(courseId);
  const [editor, setEditor] = useState<'closed' | 'new' | 'edit'>('closed');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const selectId = useId();
  const importing = useMutation({
    mutationFn: async (file: File) => {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a JSON file.`);
      }
      return importRubricFile(courseId, json);
    },
    onMutate: () => setFileProblem(null),
    onSuccess: async ({ rubric }) => {
      await queryClient.invalidateQueries({ queryKey: peerReviewKeys.rubrics(courseId) });
      onChange(rubric.id);
    },
    onError: (error) => setFileProblem(error instanceof Error && !('status' in error) ? error.message : null),
  });
  const picker = useFilePick({ accept: 'application/json,.json', label: 'Rubric file (JSON)', onFiles: ([file]) => importing.mutate(file!) });

  if (rubrics.isPending) return <Loading label="Loading the course’s rubrics…" />;
  if (rubrics.isError) return <InlineError error={rubrics.error} />;
  const list = rubrics.data.rubrics;
  const chosen: Rubric | undefined = list.find((rubric) => rubric.id === value);

  if (editor !== 'closed') {
    return (
      <RubricEditor
        courseId={courseId}
        editing={editor === 'edit' && chosen ? chosen : null}
        onCancel={() => setEditor('closed')}
        onSaved={(rubric) => {
          setEditor('closed');
          onChange(rubric.id);
        }}
      />
    );
  }
  return (
    <div className="rubric-picker">
      {list.length === 0 ? (
        <p className="muted">This course has no rubric yet: make one, or import a rubric file.</p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>Rubric</label>
          <select id={selectId} value={value} disabled={locked} onChange={(event) => onChange(event.target.value)}>
            <option value="">Choose a rubric…</option>
            {list.map((rubric) => (
              <option key={rubric.id} value={rubric.id}>
                {rubric.title} ({rubric.criteria.length} {rubric.criteria.length === 1 ? 'criterion' : 'criteria'}, {rubric.maxPoints} points)
              </option>
            ))}
          </select>
        </div>
      )}
      {!locked && (
        <div className="actions">
          <button type="button" className="button small" onClick={() => setEditor('new')}>
            New rubric
          </button>
          {chosen && (
            <button type="button" className="button small" onClick={() => setEditor('edit')}>
              Edit this rubric
            </button>
          )}
          {chosen && (
            <a className="button small" href={rubricExportPath(chosen.id)} download={`${chosen.title}.rubric.json`}>
              Download as a file
            </a>
          )}
          <button type="button" className="button small" disabled={importing.isPending} onClick={picker.open}>
            {importing.isPending ? 'Importing…' : 'Import a rubric file'}
          </button>
          {picker.input}
        </div>
      )}
      {fileProblem ? (
        <p className="inline-error" role="alert">
          {fileProblem}
        </p>
      ) : (
        importing.isError && <InlineError error={importing.error} />
      )}
      {chosen && (
        <details className="rubric-preview">
          <summary>
            {chosen.title}: {chosen.maxPoints} points at most
          </summary>
          <RubricSummary rubric={chosen} />
        </details>
      )}
    </div>
  );
}
