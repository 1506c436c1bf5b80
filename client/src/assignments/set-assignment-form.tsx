import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { createAssignmentBody, type CreateAssignmentBody } from '../../../shared/schemas/courses';
import { callCourses } from '../api/course-endpoints';
import { useHome } from '../api/queries';
import { InlineError } from '../ui/error-panel';
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
 */
export function SetAssignmentForm({ courseId, onCancel }: { courseId: string; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [templateChoice, setTemplateChoice] = useState<TemplateChoice>('none');
  const [template, setTemplate] = useState('');
  const [templateDocId, setTemplateDocId] = useState('');
  const [opensAt, setOpensAt] = useState('');
  const [dueAt, setDueAt] = useState(() => toLocalInput(defaultDue()));
  const [lockAtDue, setLockAtDue] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: CreateAssignmentBody) => callCourses('POST /api/groups/:courseId/assignments', { params: { courseId }, body }),
    onSuccess: async ({ assignment }) => {
      await queryClient.invalidateQueries({ queryKey: assignmentKeys.ofCourse(courseId) });
      navigate(`/assignments/${assignment.id}`);
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  const policyName = useId();
  const templateName = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    const due = fromLocalInput(dueAt);
    const opens = opensAt ? fromLocalInput(opensAt) : undefined;
    if (!due) problems.dueAt = 'Pick the day and time it is due.';
    else if (Date.parse(due) <= Date.now()) problems.dueAt = 'That time has passed: pick a due time ahead.';
    if (opens === null) problems.opensAt = 'Pick a day and time, or leave it empty to open now.';
    else if (opens && due && Date.parse(opens) >= Date.parse(due)) problems.opensAt = 'It must open before it is due.';
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
      <h3 id="set-assignment-title">Set an assignment</h3>
      <TextField label="Title" value={title} error={errors.title} autoComplete="off" placeholder="e.g. Lab report 1" onChange={(event) => setTitle(event.target.value)} />
      <MarkdownField
        label="Instructions"
        hint="What to make and how it is judged. Markdown: **bold**, *italic*, lists, [links](https://…)."
        value={instructions}
        error={errors.instructions}
        onChange={setInstructions}
      />
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
          hint="Empty: teams get their documents now."
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
          {create.isPending ? 'Setting…' : 'Set assignment'}
        </button>
        <button type="button" className="button quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {create.isError && Object.keys(errors).length === 0 && <InlineError error={create.error} />}
    </form>
  );
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
      <select id={id} value={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(event) => onChange(event.target.value)}>
        <option value="">{home.isPending ? 'Loading the course’s documents…' : docs.length === 0 ? 'The course has no documents yet' : 'Pick a document'}</option>
        {docs.map((doc) => (
          <option key={doc.id} value={doc.id}>
            {doc.projectName} · {doc.title}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
