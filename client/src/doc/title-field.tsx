import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { renameDocBody } from '../../../shared/schemas/projects';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import { fieldErrorsOf } from '../ui/form-errors';

/** The document's title: a heading for readers, an input that saves on Enter or blur for editors. */
export function TitleField({ docId, projectId, title, editable }: { docId: string; projectId: string; title: string; editable: boolean }) {
  const [value, setValue] = useState(title);
  const [invalid, setInvalid] = useState<string | undefined>();
  const id = useId();
  const queryClient = useQueryClient();
  useEffect(() => setValue(title), [title]);
  const rename = useMutation({
    mutationFn: (next: string) => call('PATCH /api/docs/:docId', { params: { docId }, body: { title: next } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.doc(docId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.docs(projectId) }),
      ]),
  });

  if (!editable) return <h1 className="doc-title">{title}</h1>;

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    if (value === title) return;
    const parsed = renameDocBody.safeParse({ title: value });
    if (!parsed.success) {
      setInvalid(fieldErrorsOf(parsed.error).title);
      return;
    }
    setInvalid(undefined);
    rename.mutate(parsed.data.title);
  };

  return (
    <form onSubmit={save} className="doc-title-form">
      <h1 className="doc-title">
        <input
          className="doc-title-input"
          aria-label="Document title"
          title={value}
          value={value}
          maxLength={200}
          {...fieldMessageProps(id, invalid)}
          onChange={(event) => setValue(event.target.value)}
          onBlur={() => save()}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setValue(title);
          }}
        />
      </h1>
      <FieldMessage id={id} error={invalid} alert />
      <InlineError error={rename.error} />
    </form>
  );
}
