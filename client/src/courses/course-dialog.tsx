import { useId, type FormEvent, type ReactNode } from 'react';
import { InlineError } from '../ui/error-panel';
import { useModalDialog } from '../ui/modal-dialog';

/**
 * The course view's modal form: a native <dialog> (the page behind is inert,
 * Escape closes it, focus returns to what opened it) holding a form whose
 * submit button says what it does. Shown while mounted: the parent mounts it
 * to open it and unmounts it to close it.
 */
export function CourseDialog({
  title,
  children,
  submitLabel,
  pending = false,
  disabled = false,
  error,
  wide = false,
  danger = false,
  onSubmit,
  onClose,
}: {
  title: string;
  children: ReactNode;
  /** Absent: the dialog only shows something, with a Close button. */
  submitLabel?: string;
  pending?: boolean;
  disabled?: boolean;
  error?: unknown;
  wide?: boolean;
  danger?: boolean;
  onSubmit?: () => void;
  onClose: () => void;
}) {
  const ref = useModalDialog(true);
  const titleId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending && !disabled) onSubmit?.();
  };
  return (
    <dialog
      ref={ref}
      className={wide ? 'course-dialog course-dialog-wide' : 'course-dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        <div className="course-dialog-body">{children}</div>
        <InlineError error={error} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {submitLabel ? 'Cancel' : 'Close'}
          </button>
          {submitLabel && (
            <button type="submit" className={danger ? 'button danger' : 'button primary'} disabled={pending || disabled}>
              {pending ? 'Working…' : submitLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
