import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { TextField } from '../ui/text-field';
import { inviteCodeIn } from './invite-code';

/** Why a pasted invite did not work, in words, by the server's code. */
function problemWith(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'not_found') return 'No invite has this code. Check that you pasted the whole link.';
  if (error.code === 'invite_expired') return 'This invite has expired, was used up or was revoked. Ask whoever sent it for a new one.';
  return null;
}

/**
 * The group's first document, to open after joining: a team usually starts
 * with one project and one document, and a newcomer wants to be in the text.
 */
async function firstDocOf(groupId: string): Promise<string | null> {
  const { projects } = await call('GET /api/groups/:groupId/projects', { params: { groupId }, query: { limit: 1 } });
  const project = projects[0];
  if (!project) return null;
  const { docs } = await call('GET /api/projects/:projectId/docs', { params: { projectId: project.id }, query: { limit: 1 } });
  return docs[0]?.id ?? null;
}

/**
 * "Join with an invite link": paste the link someone sent (or just its
 * code) and join its group at once, then land in its first document (or on
 * the group when it has none yet). Pasting the link is the person's own
 * choice to join, as clicking "Join" on the invite page is.
 */
export function JoinInvite({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const [pasted, setPasted] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const join = useMutation({
    mutationFn: async (code: string) => {
      const { group } = await call('POST /api/invites/:code/accept', { params: { code } });
      return { group, docId: await firstDocOf(group.id).catch(() => null) };
    },
    onSuccess: async ({ group, docId }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      navigate(docId ? `/docs/${docId}` : `/groups/${group.id}`);
    },
    onError: (error) => setFieldError(problemWith(error) ?? undefined),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = inviteCodeIn(pasted);
    if (!code) {
      setFieldError('That is not an invite link. It looks like https://…/invite/ followed by a code of letters and digits.');
      return;
    }
    setFieldError(undefined);
    join.mutate(code);
  };

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="panel first-step" aria-labelledby="join-invite-title">
      <Heading id="join-invite-title">Join with an invite link</Heading>
      <p className="muted">Someone on your team sent you a link? Paste it here to join their group.</p>
      <form onSubmit={submit} noValidate>
        <TextField
          label="Invite link or code"
          value={pasted}
          error={fieldError}
          placeholder="https://…/invite/…"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setPasted(event.target.value)}
        />
        <button type="submit" className="button primary" disabled={join.isPending}>
          {join.isPending ? 'Joining…' : 'Join'}
        </button>
        {join.isError && !fieldError && <InlineError error={join.error} />}
      </form>
    </section>
  );
}
