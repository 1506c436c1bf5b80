import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { InlineError } from './error-panel';
import { fieldErrorsOf, serverFieldErrors } from './form-errors';
import { TextField } from './text-field';

interface CreateFormProps<Field extends string> {
  /** The shared body schema, e.g. createProjectBody; its one field is `field`. */
  schema: z.ZodType<Record<Field, string>>;
  field: Field;
  label: string;
  submitLabel: string;
  placeholder?: string;
  onCreate: (body: Record<Field, string>) => Promise<unknown>;
  onCancel?: () => void;
}

/** A one-field "name it and create it" form, validated by the shared schema. */
export function CreateForm<Field extends string>(props: CreateFormProps<Field>) {
  const { schema, field, label, submitLabel, placeholder, onCreate, onCancel } = props;
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = schema.safeParse({ [field]: value });
    if (!parsed.success) {
      setFieldError(fieldErrorsOf(parsed.error)[field]);
      return;
    }
    setFieldError(undefined);
    setError(null);
    setPending(true);
    try {
      await onCreate(parsed.data);
      setValue('');
    } catch (failure) {
      setFieldError(serverFieldErrors(failure)[field]);
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="create-form" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label={label}
        value={value}
        placeholder={placeholder}
        error={fieldError}
        autoFocus
        onChange={(event) => setValue(event.target.value)}
      />
      <div className="create-form-actions">
        <button type="submit" className="button primary small" disabled={pending}>
          {pending ? 'Creating…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button quiet small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {error != null && !fieldError && <InlineError error={error} />}
    </form>
  );
}

/** A button that opens a CreateForm in place. */
export function CreateToggle<Field extends string>({
  buttonLabel,
  ...form
}: Omit<CreateFormProps<Field>, 'onCancel'> & { buttonLabel: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        {buttonLabel}
      </button>
    );
  }
  return (
    <CreateForm
      {...form}
      onCreate={async (body) => {
        await form.onCreate(body);
        setOpen(false);
      }}
      onCancel={() => setOpen(false)}
    />
  );
}
