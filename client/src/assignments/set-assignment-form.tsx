import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { createAssignmentBody, type Assignment, type CreateAssignmentBody, type UpdateAssignmentBody } from '../../../shared/schemas/courses';
import { ApiError } from '../api/api-error';
import { callCourses } from '../api/course-endpoints';
import { useHome } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/text-field';
import { assignmentKeys } from './assignment-queries';
import { defaultDue, fromLocalInput, toLocalInput, viewerZone } from './due-time';
import { MarkdownField } from './markdown-field';

type TemplateChoice = 'none' | 'markdown' | 'doc';

/**
 * Setting an assignment in a course: title, instructions, an optional
 * template (Markdown, or a document of the course each team's copy starts
 * from), when it opens, when it is due and what happens then. Times are
 * entered on the instructor's own clock and sent in UTC.
 *
 * With `editing`, the same form changes an assignment (not its template:
 * the teams' copies started from it). The edit names the revision it
 * started from, so another instructor's change made meanwhile is never
 * overwritten unseen: the server refuses it and the form says so.
 */
export function SetAssignmentForm({
  courseId,
  editing,
  onCancel,
  onDone,
}: {
  courseId: string;
  editing?: Assignment;
  onCancel: () => void;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState(editing?.title ?? '');
  const [instructions, setInstructions] = useState(editing?.instructions ?? '');
  const [templateChoice, setTemplateChoice] = useState<TemplateChoice>('none');
  const [template, setTemplate] = useState('');
  const [templateDocId, setTemplateDocId] = useState('');
  const [opened] = useState(() => editing !== undefined && editing.opensAt <= Date.now());
  const [opensAt, setOpensAt] = useState(editing ? toLocalInput(editing.opensAt) : '');
  const [dueAt, setDueAt] = useState(() => toLocalInput(editing?.dueAt ?? defaultDue()));
  const [lockAtDue, setLockAtDue] = useState(editing?.lockAtDue ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const refresh = (assignmentId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: assignmentKeys.ofCourse(courseId) }),
      queryClient.invalidateQueries({ queryKey: assignmentKeys.one(assignmentId) }),
    ]);
  const create = useMutation({
    mutationFn: (body: CreateAssignmentBody) =>
      editing
        ? callCourses('PATCH /api/assignments/:assignmentId', { params: { assignmentId: editing.id }, body: changesOf(editing, body) })
        : callCourses('POST /api/groups/:courseId/assignments', { params: { courseId }, body }),
    onSuccess: async ({ assignment }) => {
      await refresh(assignment.id);
      if (editing) onDone?.();
      else navigate(`/assignments/${assignment.id}`);
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  const stale = editing !== undefined && create.error instanceof ApiError && create.error.status === 409;
  const policyName = useId();
  const templateName = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    const due = fromLocalInput(dueAt);
    const opens = opensAt ? fromLocalInput(opensAt) : undefined;
    // An edit that leaves the due time as it was may keep one already past (to fix a title, say).
    const dueChanged = !editing || dueAt !== toLocalInput(editing.dueAt);
    if (!due) problems.dueAt = 'Pick the day and time it is due.';
    else if (dueChanged && Date.parse(due) <= Date.now()) problems.dueAt = 'That time has passed: pick a due time ahead.';
    if (opens === null) problems.opensAt = 'Pick a day and time, or leave it empty to open now.';
    else if (!opened && opens && due && Date.parse(opens) >= Date.parse(due)) problems.opensAt = 'It must open before it is due.';
    if (templateChoice === 'doc' && !templateDocId) problems.templateDocId = 'Pick the document each team starts from.';
    const body: CreateAssignmentBody = {
      title,
      instructions,
      template: templateChoice === 'markdown' ? template : undefined,
      templateDocId: templateChoice === 'doc' && templateDocId ? templateDocId : undefined,
      opensAt: opens ?? undefined,
      dueAt: due ?? '',
      lockAtDue,
    };
    const parsed = createAssignmentBody.safeParse(body);
    if (!parsed.success) Object.assign(problems, { ...fieldErrorsOf(parsed.error), ...problems });
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate(body);
  };

  return (
    <form className="set-assignment panel" aria-labelledby="set-assignment-title" onSubmit={submit} noValidate>
      <h3 id="set-assignment-title">{editing ? 'Edit the assignment' : 'Set an assignment'}</h3>
      <TextField label="Title" value={title} error={errors.title} autoComplete="off" placeholder="e.g. Lab report 1" onChange={(event) => setTitle(event.target.value)} />
      <MarkdownField
        label="Instructions"
        hint="What to make and how it is judged. Markdown: **bold**, *italic*, lists, [links](https://…)."
        value={instructions}
        error={errors.instructions}
        onChange={setInstructions}
      />
      {!editing && (
        <fieldset className="field choice-group">
          <legend>Each team’s document starts</legend>
          <label>
            <input type="radio" name={templateName} checked={templateChoice === 'none'} onChange={() => setTemplateChoice('none')} /> Empty
          </label>
          <label>
            <input type="radio" name={templateName} checked={templateChoice === 'markdown'} onChange={() => setTemplateChoice('markdown')} /> From a
            template I write
          </label>
          <label>
            <input type="radio" name={templateName} checked={templateChoice === 'doc'} onChange={() => setTemplateChoice('doc')} /> As a copy of a
            document of the course
          </label>
        </fieldset>
      )}
      {/* Only a new assignment picks its template: choosing one stays 'none' while editing. */}
      {templateChoice === 'markdown' && (
        <MarkdownField
          label="Template"
          hint="Headings and prompts each team fills in; every team gets its own copy."
          value={template}
          error={errors.template}
          rows={8}
          onChange={setTemplate}
        />
      )}
      {templateChoice === 'doc' && <CourseDocPicker courseId={courseId} value={templateDocId} error={errors.templateDocId} onChange={setTemplateDocId} />}
      <div className="field-row">
        <TextField
          label="Opens"
          type="datetime-local"
          value={opensAt}
          error={errors.opensAt}
          disabled={opened}
          hint={opened ? 'Open already: every team has its document.' : 'Empty: teams get their documents now.'}
          onChange={(event) => setOpensAt(event.target.value)}
        />
        <TextField label="Due" type="datetime-local" value={dueAt} error={errors.dueAt} required onChange={(event) => setDueAt(event.target.value)} />
      </div>
      <p className="hint">Times are on your clock ({viewerZone()}); each learner sees them on theirs.</p>
      <fieldset className="field choice-group">
        <legend>At the due time</legend>
        <label>
          <input type="radio" name={policyName} checked={lockAtDue} onChange={() => setLockAtDue(true)} /> Lock each team’s document
        </label>
        <label>
          <input type="radio" name={policyName} checked={!lockAtDue} onChange={() => setLockAtDue(false)} /> Accept late work, marked late
        </label>
      </fieldset>
      <div className="create-form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? 'Saving…' : editing ? 'Save changes' : 'Set assignment'}
        </button>
        <button type="button" className="button quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {stale ? (
        <div className="inline-error" role="alert">
          <p>
            <strong>Someone else changed this assignment while you edited it.</strong> Your changes are not saved: see theirs, then edit again.
          </p>
          <button type="button" className="button small" onClick={() => void refresh(editing.id).then(onCancel)}>
            See their changes
          </button>
        </div>
      ) : (
        create.isError && Object.keys(errors).length === 0 && <InlineError error={create.error} />
      )}
    </form>
  );
}

/** What an edit changes: only the fields that differ from the assignment as it was, with the revision it started from. */
export function changesOf(before: Assignment, form: CreateAssignmentBody): UpdateAssignmentBody {
  const changes: UpdateAssignmentBody = { revision: before.revision };
  if (form.title !== before.title) changes.title = form.title;
  if (form.instructions !== undefined && form.instructions !== before.instructions) changes.instructions = form.instructions;
  // Times are compared as the form shows them, to the minute: a due time with seconds is no change when left alone.
  const sameMinute = (iso: string, at: number) => toLocalInput(Date.parse(iso)) === toLocalInput(at);
  if (typeof form.dueAt === 'string' && !sameMinute(form.dueAt, before.dueAt)) changes.dueAt = form.dueAt;
  if (typeof form.opensAt === 'string' && !sameMinute(form.opensAt, before.opensAt)) changes.opensAt = form.opensAt;
  if (form.lockAtDue !== undefined && form.lockAtDue !== before.lockAtDue) changes.lockAtDue = form.lockAtDue;
  return changes;
}

/** The course's documents (from the home overview the app already holds), to start each team's copy from. */
function CourseDocPicker({ courseId, value, error, onChange }: { courseId: string; value: string; error?: string | undefined; onChange: (docId: string) => void }) {
  const home = useHome();
  const id = useId();
  const course = home.data?.groups.find((group) => group.id === courseId);
  const docs = course?.projects.flatMap((project) => project.docs.map((doc) => ({ ...doc, projectName: project.name }))) ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>Document</label>
      <select id={id} value={value} {...fieldMessageProps(id, error)} onChange={(event) => onChange(event.target.value)}>
        <option value="">{home.isPending ? 'Loading the course’s documents…' : docs.length === 0 ? 'The course has no documents yet' : 'Pick a document'}</option>
        {docs.map((doc) => (
          <option key={doc.id} value={doc.id}>
            {doc.projectName} · {doc.title}
          </option>
        ))}
      </select>
      <FieldMessage id={id} error={error} />
    </div>
  );
}
