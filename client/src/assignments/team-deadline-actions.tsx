import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClassViewTeam } from '../../../shared/schemas/class-view';
import { extendTeam, reopenTeam } from '../api/assignment-endpoints';
import { ConfirmDialog } from '../history/confirm-dialog';
import { InlineError } from '../ui/error-panel';
import { TextField } from '../ui/text-field';
import { assignmentKeys } from './assignment-queries';
import { formatDue, fromLocalInput, toLocalInput } from './due-time';

type Open = 'extend' | 'reopen' | null;

/**
 * An instructor's changes to one team's deadline, from its row of the class
 * view: an extension (a due time of its own; other teams keep theirs) for a
 * team that has not submitted, and reopening a copy that locked.
 */
export function TeamDeadlineActions({ assignmentId, row }: { assignmentId: string; row: ClassViewTeam }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [dueAt, setDueAt] = useState(() => toLocalInput(Math.max(row.dueAt, Date.now()) + 24 * 60 * 60 * 1000));
  const [fieldError, setFieldError] = useState<string | undefined>();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: assignmentKeys.classView(assignmentId) }),
      queryClient.invalidateQueries({ queryKey: assignmentKeys.one(assignmentId) }),
    ]);
  const change = useMutation({
    mutationFn: (what: { kind: 'extend'; dueAt: string } | { kind: 'reopen' }) =>
      what.kind === 'extend' ? extendTeam(assignmentId, row.team.id, what.dueAt) : reopenTeam(assignmentId, row.team.id),
    onSuccess: async () => {
      setOpen(null);
      await refresh();
    },
  });
  const close = () => {
    setOpen(null);
    change.reset();
  };
  const extend = () => {
    const iso = fromLocalInput(dueAt);
    if (!iso || Date.parse(iso) <= Date.now()) {
      setFieldError('Pick a time ahead.');
      return;
    }
    setFieldError(undefined);
    change.mutate({ kind: 'extend', dueAt: iso });
  };
  if (row.docId === null || row.status === 'submitted') return null;

  return (
    <span className="row-actions">
      <button type="button" className="button small" aria-haspopup="dialog" aria-label={`Extend the due time of ${row.team.name}`} onClick={() => setOpen('extend')}>
        Extend
      </button>
      {row.status === 'locked' && (
        <button type="button" className="button small" aria-haspopup="dialog" aria-label={`Reopen the document of ${row.team.name}`} onClick={() => setOpen('reopen')}>
          Reopen
        </button>
      )}
      <ConfirmDialog
        open={open === 'extend'}
        title={`Extend the due time of ${row.team.name}`}
        confirmLabel="Extend"
        pending={change.isPending}
        onConfirm={extend}
        onCancel={close}
      >
        <p>Now due {formatDue(row.dueAt)}. Other teams keep their due time.</p>
        <TextField label="New due time" type="datetime-local" value={dueAt} error={fieldError} onChange={(event) => setDueAt(event.target.value)} />
        <InlineError error={change.error} />
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'reopen'}
        title={`Reopen the document of ${row.team.name}?`}
        confirmLabel="Reopen"
        pending={change.isPending}
        onConfirm={() => change.mutate({ kind: 'reopen' })}
        onCancel={close}
      >
        <p>Its members can write in it again from now on; what they write is late. Other teams’ documents stay locked.</p>
        <InlineError error={change.error} />
      </ConfirmDialog>
    </span>
  );
}
