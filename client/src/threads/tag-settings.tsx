import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { tagBody, type AnnotationTag } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { useTags } from '../api/feedback-queries';
import { queryKeys } from '../api/queries';
import { CreateToggle } from '../ui/create-form';
import { InlineError } from '../ui/error-panel';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import { Loading } from '../ui/loading';
import './threads.css';

/**
 * The group's annotation tags, for its instructors (manageTags): add, rename,
 * retire (annotations keep a retired tag; it is no longer offered) and bring
 * back. Loaded on demand from the group page: the feedback schemas carry Yjs.
 */
export default function TagSettings({ groupId }: { groupId: string }) {
  const tags = useTags(groupId);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.tags(groupId) });
  const create = (name: string) => callFeedback('POST /api/groups/:groupId/tags', { params: { groupId }, body: { name } }).finally(refresh);

  return (
    <section className="panel" aria-labelledby="tags-title">
      <h2 id="tags-title">Annotation tags</h2>
      <p className="muted small">Members and reviewers tag their annotations with these. Retired tags stay on the annotations that have them.</p>
      {tags.isPending && <Loading label="Loading tags…" />}
      {tags.isError && <InlineError error={tags.error} />}
      <ul className="tag-list">
        {tags.data?.tags.map((tag) => (
          <TagRow key={tag.id} groupId={groupId} tag={tag} onChanged={refresh} onRestore={() => create(tag.name)} />
        ))}
      </ul>
      <CreateToggle buttonLabel="Add a tag" schema={tagBody} field="name" label="Tag name" submitLabel="Add tag" onCreate={({ name }) => create(name)} />
    </section>
  );
}

function TagRow({
  groupId,
  tag,
  onChanged,
  onRestore,
}: {
  groupId: string;
  tag: AnnotationTag;
  onChanged: () => Promise<unknown>;
  onRestore: () => Promise<unknown>;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(tag.name);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const rename = useMutation({
    mutationFn: (next: string) => callFeedback('PATCH /api/groups/:groupId/tags/:tagId', { params: { groupId, tagId: tag.id }, body: { name: next } }),
    onSuccess: () => setRenaming(false),
    onSettled: onChanged,
  });
  const retire = useMutation({ mutationFn: () => callFeedback('DELETE /api/groups/:groupId/tags/:tagId', { params: { groupId, tagId: tag.id } }), onSettled: onChanged });
  const restore = useMutation({ mutationFn: onRestore });
  const inputId = `tag-${tag.id}`;

  return (
    <li className={tag.archived ? 'tag-row is-retired' : 'tag-row'}>
      {renaming ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = tagBody.safeParse({ name });
            if (!parsed.success) {
              setFieldError(parsed.error.issues[0]?.message);
              return;
            }
            setFieldError(undefined);
            rename.mutate(parsed.data.name);
          }}
        >
          <label className="visually-hidden" htmlFor={inputId}>
            New name for {tag.name}
          </label>
          <input
            id={inputId}
            value={name}
            autoFocus
            {...fieldMessageProps(inputId, fieldError)}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button primary small" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" className="button quiet small" onClick={() => setRenaming(false)}>
            Cancel
          </button>
          <FieldMessage id={inputId} error={fieldError} />
        </form>
      ) : (
        <>
          <span className="tag-name">
            {tag.name}
            {tag.archived && <span className="muted small"> (retired)</span>}
          </span>
          {tag.archived ? (
            <button type="button" className="button small" disabled={restore.isPending} onClick={() => restore.mutate()} aria-label={`Bring back ${tag.name}`}>
              Bring back
            </button>
          ) : (
            <>
              <button type="button" className="button quiet small" onClick={() => setRenaming(true)} aria-label={`Rename ${tag.name}`}>
                Rename
              </button>
              <button type="button" className="button quiet small danger" disabled={retire.isPending} onClick={() => retire.mutate()} aria-label={`Retire ${tag.name}`}>
                Retire
              </button>
            </>
          )}
        </>
      )}
      <InlineError error={rename.error ?? retire.error ?? restore.error} />
    </li>
  );
}
