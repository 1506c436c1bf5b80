/**
 * The one message under a field: its error, else its hint, else nothing. The error replaces the hint, so the
 * field never shows two messages saying the same. Its id (`${id}-error` or `${id}-hint`) is the one fieldMessageProps
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
 * What the control says of its message: aria-describedby, the id of the message FieldMessage shows (the error's,
 * else the hint's), so that screen readers read it with the field; and aria-invalid while it shows an error.
 * Spread onto the control: `<input id={id} {...fieldMessageProps(id, error, hint)} />`.
 */
export function fieldMessageProps(
  id: string,
  error?: string,
  hint?: string,
): { 'aria-describedby': string | undefined; 'aria-invalid': true | undefined } {
  return {
    'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
    'aria-invalid': error ? true : undefined,
  };
}
