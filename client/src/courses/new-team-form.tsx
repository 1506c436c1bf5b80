import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createTeamBody } from '../../../shared/schemas/courses';
import { callCourses } from '../api/course-endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/text-field';
import type { CoursePlaces } from './course-roster';
import { courseKeys } from './course-queries';
import { LearnerPicker } from './learner-picker';

/** Forming a team by hand: a name and the learners to put in it. */
export function NewTeamForm({ courseId, places, suggestedName, onDone }: { courseId: string; places: CoursePlaces; suggestedName: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(suggestedName);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: { name: string; memberIds: string[] }) => callCourses('POST /api/groups/:courseId/teams', { params: { courseId }, body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: courseKeys.teams(courseId) });
      onDone();
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createTeamBody.safeParse({ name, memberIds: [...chosen] });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    create.mutate({ name: parsed.data.name, memberIds: parsed.data.memberIds ?? [] });
  };

  return (
    <form className="panel new-team-form" aria-label="New team" onSubmit={submit} noValidate>
      <TextField label="Team name" value={name} error={errors.name} autoFocus onChange={(event) => setName(event.target.value)} />
      <LearnerPicker places={places} chosen={chosen} onChange={setChosen} />
      {!errors.name && <InlineError error={create.error} />}
      <div className="create-form-actions">
        <button type="submit" className="button primary small" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create team'}
        </button>
        <button type="button" className="button quiet small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Team 4" for a course of three teams: numbered after the count of teams, skipping a name already taken. */
export function nextTeamName(names: readonly string[]): string {
  const taken = new Set(names.map((name) => name.trim().toLowerCase()));
  for (let number = names.length + 1; ; number++) {
    if (!taken.has(`team ${number}`)) return `Team ${number}`;
  }
}
