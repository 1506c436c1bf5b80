import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../api/api-error';
import { call } from '../api/endpoints';
import { queryKeys, useInvitePreview } from '../api/queries';
import { ProviderButtons } from '../auth/provider-buttons';
import { signInPath, useSession } from '../auth/session';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel, InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { roleName } from '../ui/role-badge';

const roleMeaning = {
  instructor: 'You will manage members and see everyone’s contributions.',
  member: 'You will write with the team and give feedback.',
  reviewer: 'You will read the documents and give feedback, without editing them.',
} as const;

/**
 * `/invite/:code`. The server shows an invite only to a signed-in person, so
 * a visitor first signs in or up and comes back here; then the page says
 * which group and role it is for, and joins.
 */
export function InvitePage() {
  usePageTitle('Invitation');
  const { code = '' } = useParams();
  const session = useSession();

  if (session.isPending) {
    return (
      <AppShell>
        <Loading label="Opening the invitation…" />
      </AppShell>
    );
  }
  if (session.isError) {
    return (
      <AppShell>
        <ErrorPanel error={session.error} onRetry={() => void session.refetch()} />
      </AppShell>
    );
  }
  return <AppShell>{session.data ? <InviteForMember code={code} userName={session.data.name} /> : <InviteForVisitor code={code} />}</AppShell>;
}

function InviteForVisitor({ code }: { code: string }) {
  const returnTo = `/invite/${code}`;
  return (
    <section className="panel invite-card" aria-labelledby="invite-title">
      <p className="eyebrow">Invitation</p>
      <h1 id="invite-title">You are invited to a group on Commonplace</h1>
      <p>Commonplace is where your team writes together, gives feedback and sees who contributed what.</p>
      <p className="muted">Create an account or sign in first; you will come back here to see the group and join it.</p>
      {/* A school sign-in comes back here too, so the invite can be accepted at once. */}
      <ProviderButtons returnTo={returnTo} />
      <p className="actions">
        <Link className="button primary" to={signInPath(returnTo, 'signup')}>
          Create an account
        </Link>
        <Link className="button" to={signInPath(returnTo, 'login')}>
          Sign in
        </Link>
      </p>
    </section>
  );
}

function InviteForMember({ code, userName }: { code: string; userName: string }) {
  const preview = useInvitePreview(code);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: () => call('POST /api/invites/:code/accept', { params: { code } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      navigate('/', { replace: true });
    },
  });

  if (preview.isPending) return <Loading label="Opening the invitation…" />;
  if (preview.isError) return <ErrorPanel error={preview.error} onRetry={() => void preview.refetch()} />;

  const { group, role, usable } = preview.data.invite;
  const alreadyMember = isApiError(accept.error, 409);
  return (
    <section className="panel invite-card" aria-labelledby="invite-title">
      <p className="eyebrow">Invitation</p>
      <h1 id="invite-title">Join {group.name}</h1>
      <p>
        You are invited as {roleName(role).toLowerCase()}. {roleMeaning[role]}
      </p>
      {usable ? (
        <>
          <p className="muted">Signed in as {userName}.</p>
          <button type="button" className="button primary" onClick={() => accept.mutate()} disabled={accept.isPending}>
            {accept.isPending ? 'Joining…' : `Join ${group.name}`}
          </button>
          {alreadyMember ? (
            <p role="status">
              You are already a member. <Link to="/">Go to your groups</Link>
            </p>
          ) : (
            <InlineError error={accept.error} />
          )}
        </>
      ) : (
        <p className="inline-error" role="alert">
          This invite link has expired or was revoked. Ask whoever sent it for a new one.
        </p>
      )}
    </section>
  );
}
