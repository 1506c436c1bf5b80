import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { startTeamProjectBody, teamProjectLimits } from '../../../shared/schemas/projects';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/text-field';

const empty = { groupName: '', projectName: '', docTitle: '' };

/**
 * "Start a team project": names the team, the deliverable and its first
 * document, makes all three in one request (the starter is the new group's
 * instructor, who can invite the team) and opens the editor on the document.
 */
export function StartProject({ headingLevel = 2, onCancel }: { headingLevel?: 2 | 3; onCancel?: () => void }) {
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const start = useMutation({
    mutationFn: (body: z.output<typeof startTeamProjectBody>) => call('POST /api/team-projects', { body }),
    onSuccess: async ({ doc }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      navigate(`/docs/${doc.id}`);
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = startTeamProjectBody.safeParse({ ...values, docTitle: values.docTitle.trim() || undefined });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    start.mutate(parsed.data);
  };
  const field = (name: keyof typeof empty) => ({
    value: values[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
  });

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="panel first-step" aria-labelledby="start-project-title">
      <Heading id="start-project-title">Start a team project</Heading>
      <p className="muted">Name your team and what you are making; you will be writing in a moment, and can invite the team from the document.</p>
      <form onSubmit={submit} noValidate>
        <TextField label="Team or class" placeholder="e.g. Team Otter, Biology 101" autoComplete="off" {...field('groupName')} />
        <TextField label="Project" placeholder="e.g. Lab report" autoComplete="off" {...field('projectName')} />
        <TextField
          label="First document"
          placeholder={teamProjectLimits.defaultDocTitle}
          hint={`Optional: “${teamProjectLimits.defaultDocTitle}” if you leave it empty.`}
          autoComplete="off"
          {...field('docTitle')}
        />
        <div className="create-form-actions">
          <button type="submit" className="button primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start writing'}
          </button>
          {onCancel && (
            <button type="button" className="button quiet" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
        {start.isError && Object.keys(errors).length === 0 && <InlineError error={start.error} />}
      </form>
    </section>
  );
}
