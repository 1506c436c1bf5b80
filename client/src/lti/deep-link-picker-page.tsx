import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import type { Assignment } from '../../../shared/schemas/courses';
import { callCourses } from '../api/course-endpoints';
import { useGroup } from '../api/queries';
import { assignmentKeys, useCourseAssignments } from '../assignments/assignment-queries';
import { defaultDue, formatDue, fromLocalInput, toLocalInput, viewerZone } from '../assignments/due-time';
import { AppShell } from '../ui/app-shell';
import { InlineError } from '../ui/error-panel';
import { serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { usePageTitle } from '../ui/page-title';
import { pageOfQueries } from '../ui/query-page';
import { TextField } from '../ui/text-field';
import { draftProblems, pickAction, placeableAssignments } from './deep-link-choices';
import '../assignments/assignments.css';
import './deep-link-picker.css';

/**
 * `/lti/deep-link/:requestId?course=...`: where an LMS's deep linking launch
 * brings an instructor placing Commonplace in a module. They pick one of the
 * course's assignments, or create one, and the pick goes to the server as
 * a form (a navigation, not a fetch): its answer is a page that carries the
 * signed link on to the LMS. The LMS's request waits on the server under the
 * id; this page never sees where the LMS wants the answer.
 */
export function DeepLinkPickerPage() {
  usePageTitle('Place an assignment in your course');
  const { requestId = '' } = useParams();
  const [search] = useSearchParams();
  const courseId = search.get('course') ?? '';
  const [now] = useState(() => Date.now());
  const loaded = pageOfQueries([useGroup(courseId), useCourseAssignments(courseId)] as const, 'Loading the course’s assignments…');
  if (!loaded.data) return loaded.page;
  const [{ group }, { assignments }] = loaded.data;
  return (
    <AppShell>
      <section className="panel deep-link-picker" aria-labelledby="deep-link-title">
        <p className="eyebrow">{group.name}</p>
        <h1 id="deep-link-title">Place an assignment in your course</h1>
        <p className="muted">Pick the assignment this LMS link opens, or create one. Learners who follow the link go to their team’s document.</p>
        <PickForm requestId={requestId} assignments={placeableAssignments(assignments, now)} />
      </section>
      <NewAssignmentForm requestId={requestId} courseId={courseId} />
    </AppShell>
  );
}

function PickForm({ requestId, assignments }: { requestId: string; assignments: Assignment[] }) {
  const [picked, setPicked] = useState<Assignment | null>(null);
  if (assignments.length === 0) return <p>This course has no assignments yet: create the first below.</p>;
  return (
    <form method="post" action={pickAction(requestId)} className="deep-link-pick">
      <fieldset className="choice-group">
        <legend>The course’s assignments</legend>
        <ul className="assignment-list">
          {assignments.map((assignment) => (
            <li key={assignment.id} className="assignment-item">
              <label>
                <input type="radio" name="assignmentId" value={assignment.id} required onChange={() => setPicked(assignment)} />{' '}
                <span className="assignment-link">{assignment.title}</span>
              </label>
              <span className="muted small">Due {formatDue(assignment.dueAt)}</span>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" className="button primary" disabled={!picked}>
        {picked ? `Place “${picked.title}”` : 'Pick an assignment to place'}
      </button>
    </form>
  );
}

/**
 * A new assignment, with a title and a due time (the rest can be set on its
 * page later), created through the course's assignment API and then placed
 * at once: creating it here means it is the one this link is for.
 */
function NewAssignmentForm({ requestId, courseId }: { requestId: string; courseId: string }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(() => toLocalInput(defaultDue()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [placing, setPlacing] = useState<string | null>(null);
  const placeForm = useRef<HTMLFormElement>(null);
  const create = useMutation({
    mutationFn: () => callCourses('POST /api/groups/:courseId/assignments', { params: { courseId }, body: { title, dueAt: fromLocalInput(due) ?? '' } }),
    onSuccess: async ({ assignment }) => {
      await queryClient.invalidateQueries({ queryKey: assignmentKeys.ofCourse(courseId) });
      setPlacing(assignment.id);
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  // The form holding the new id is on the page once React drew it: post it then.
  useEffect(() => {
    if (placing) placeForm.current?.submit();
  }, [placing]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = draftProblems({ title, due }, Date.now());
    setErrors(problems);
    if (Object.keys(problems).length === 0) create.mutate();
  };

  return (
    <section className="panel deep-link-new" aria-labelledby="deep-link-new-title">
      <h2 id="deep-link-new-title">Create a new assignment</h2>
      <form onSubmit={submit} noValidate className="deep-link-new-form">
        <TextField label="Title" value={title} error={errors.title} autoComplete="off" placeholder="e.g. Lab report 1" onChange={(event) => setTitle(event.target.value)} />
        <TextField label="Due" type="datetime-local" value={due} error={errors.dueAt} required onChange={(event) => setDue(event.target.value)} />
        <p className="hint">
          On your clock ({viewerZone()}). Late work is accepted, marked late; instructions, a template and the rest are on the assignment’s page.
        </p>
        <button type="submit" className="button primary" disabled={create.isPending || placing !== null}>
          {placing ? 'Placing…' : create.isPending ? 'Creating…' : 'Create and place'}
        </button>
        {create.isError && Object.keys(errors).length === 0 && <InlineError error={create.error} />}
      </form>
      {placing && (
        <form ref={placeForm} method="post" action={pickAction(requestId)} hidden>
          <input type="hidden" name="assignmentId" value={placing} />
        </form>
      )}
    </section>
  );
}
