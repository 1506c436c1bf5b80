import { useId, useState } from 'react';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import { InstructionsText } from './instructions-text';

/** A Markdown textarea with a Preview that shows it as learners will read it. */
export function MarkdownField({
  label,
  hint,
  value,
  error,
  rows = 5,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  error?: string | undefined;
  rows?: number;
  onChange: (value: string) => void;
}) {
  const [previewing, setPreviewing] = useState(false);
  const id = useId();
  return (
    <div className="field markdown-field">
      <div className="markdown-field-head">
        <label htmlFor={id}>{label}</label>
        <button type="button" className="button quiet small" aria-pressed={previewing} onClick={() => setPreviewing(!previewing)}>
          {previewing ? 'Edit' : `Preview ${label.toLowerCase()}`}
        </button>
      </div>
      {previewing ? (
        <div className="markdown-preview" aria-label={`${label}, preview`} role="region">
          {value.trim() ? <InstructionsText markdown={value} /> : <p className="muted">Nothing written yet.</p>}
        </div>
      ) : (
        <textarea id={id} rows={rows} value={value} {...fieldMessageProps(id, error, hint)} onChange={(event) => onChange(event.target.value)} />
      )}
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}
