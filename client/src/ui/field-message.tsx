/**
 * The one message under a field: its error, else its hint, else nothing. The error replaces the hint, so the
 * field never shows two messages saying the same. Its id (`${id}-error` or `${id}-hint`) is the one describedBy
 * gives the control, so that screen readers read the message with the field. `alert` announces the error as it
 * appears, for a field checked as it loses focus: the reader is on another control by then.
 */
export function FieldMessage({ id, error, hint, alert = false }: { id: string; error?: string | undefined; hint?: string | undefined; alert?: boolean }) {
  if (error) {
    return (
      <p className="field-error" id={`${id}-error`} role={alert ? 'alert' : undefined}>
        {error}
      </p>
    );
  }
  if (hint) {
    return (
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    );
  }
  return null;
}

/**
 * The control's aria-describedby: the id of the message FieldMessage shows (the error's, else the hint's), or
 * none when it shows nothing. Naming it from the control is what makes screen readers read it with the field.
 */
export function describedBy(id: string, error?: string, hint?: string): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}
