import { useId, type InputHTMLAttributes } from 'react';
import { FieldMessage, fieldMessageProps } from './field-message';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  error?: string | undefined;
  hint?: string;
}

/** A labelled input whose error is announced and tied to it (aria-describedby). */
export function TextField({ label, error, hint, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...fieldMessageProps(id, error, hint)} {...input} />
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}
