import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { createVersionBody } from '../../../shared/schemas/history';
import { callHistory } from '../api/history-endpoints';
import { historyKeys } from '../api/history-queries';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/text-field';

/**
 * Names the document as it is now ("Draft 1 submitted"); an instructor may
 * instead schedule a locked version at a deadline, taken when it passes.
 */
export function VersionForm({ docId, canSchedule }: { docId: string; canSchedule: boolean }) {
  const queryClient = useQueryClient();
  const deadlineId = useId();
  const [name, setName] = useState('');
  const [deadline, setDeadline] = useState('');
  const [scheduling, setScheduling] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; at?: number }) => callHistory('POST /api/docs/:docId/versions', { params: { docId }, body }),
    onSuccess: async ({ version }) => {
      setName('');
      setDeadline('');
      setDone(version.scheduled ? `Scheduled "${version.name ?? ''}".` : `Saved "${version.name ?? ''}".`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: historyKeys.versions(docId) }),
        queryClient.invalidateQueries({ queryKey: historyKeys.timeline(docId) }),
      ]);
    },
    onError: (error) => setFieldError(serverFieldErrors(error).name),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const at = scheduling && deadline ? new Date(deadline).getTime() : undefined;
    if (scheduling && (at === undefined || Number.isNaN(at))) {
      setFieldError(undefined);
      create.reset();
      setDone('Choose the date and time of the deadline.');
      return;
    }
    const parsed = createVersionBody.safeParse(at === undefined ? { name } : { name, at });
    if (!parsed.success) {
      setFieldError(fieldErrorsOf(parsed.error).name);
      return;
    }
    setFieldError(undefined);
    create.mutate(parsed.data);
  };

  return (
    <form className="version-form" onSubmit={submit} noValidate>
      <TextField
        label={scheduling ? 'Name of the deadline version' : 'Name this version'}
        value={name}
        placeholder={scheduling ? 'Final submission' : 'Draft 1 submitted'}
        error={fieldError}
        onChange={(event) => setName(event.target.value)}
      />
      {canSchedule && (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={scheduling} onChange={(event) => setScheduling(event.target.checked)} />
            Lock the document as it is at a deadline
          </label>
          {scheduling && (
            <>
              <label htmlFor={deadlineId} className="visually-hidden">
                Deadline
              </label>
              <input
                id={deadlineId}
                type="datetime-local"
                className="deadline-input"
                value={deadline}
                onChange={(event) => setDeadline(event.target.value)}
              />
            </>
          )}
        </div>
      )}
      <div className="create-form-actions">
        <button type="submit" className="button primary small" disabled={create.isPending}>
          {create.isPending ? 'Saving…' : scheduling ? 'Schedule' : 'Save version'}
        </button>
      </div>
      <p className="small muted" role="status">
        {done}
      </p>
      {create.isError && !fieldError && <InlineError error={create.error} />}
    </form>
  );
}
