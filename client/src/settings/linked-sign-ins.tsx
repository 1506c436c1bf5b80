import { useId } from 'react';
import { schoolSignInStart, useLinkedSignIns, useRemoveSignIn, useSignInProviders } from '../auth/school-sign-in';
import { SignInErrorNotice } from '../auth/sign-in-error-notice';
import { calendarDate } from '../ui/date-formats';
import { ErrorPanel, InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';

/** The settings page comes back here after linking, so the new sign-in shows in the list. */
const settingsPath = '/settings';

/**
 * The ways into this account besides its password: the school or LMS
 * accounts linked to it, each removable unless it is the last way in (no
 * password and nothing else linked: removing it would lock the person out,
 * and the server refuses it too), and a "Link" button per configured provider.
 */
export function LinkedSignIns() {
  const linked = useLinkedSignIns();
  const providers = useSignInProviders();
  const remove = useRemoveSignIn();
  const lastWayInId = useId();

  if (linked.isPending) return <Loading label="Loading your linked sign-ins…" />;
  if (linked.isError) return <ErrorPanel error={linked.error} onRetry={() => void linked.refetch()} />;

  const { identities, hasPassword } = linked.data;
  const lastWayIn = !hasPassword && identities.length === 1;
  const available = providers.data ?? [];

  return (
    <>
      <SignInErrorNotice />
      {identities.length === 0 ? (
        <p className="muted">No school sign-in is linked to this account: you sign in with your email and password.</p>
      ) : (
        <ul className="linked-sign-ins" aria-label="Linked sign-ins">
          {identities.map((identity) => {
            const removing = remove.isPending && remove.variables === identity.id;
            return (
              <li key={identity.id} className="linked-sign-in">
                <div className="linked-sign-in-who">
                  <p className="linked-sign-in-provider">{identity.providerName}</p>
                  {identity.email && <p>{identity.email}</p>}
                  <p className="muted small">
                    Linked since <time dateTime={new Date(identity.createdAt).toISOString()}>{calendarDate().format(identity.createdAt)}</time>
                  </p>
                </div>
                <div className="linked-sign-in-remove">
                  <button
                    type="button"
                    className="button small danger"
                    aria-label={`Remove ${identity.providerName}${identity.email ? ` (${identity.email})` : ''}`}
                    aria-describedby={lastWayIn ? lastWayInId : undefined}
                    disabled={lastWayIn || remove.isPending}
                    onClick={() => remove.mutate(identity.id)}
                  >
                    {removing ? 'Removing…' : 'Remove'}
                  </button>
                  {lastWayIn && (
                    <p className="hint" id={lastWayInId}>
                      This is your only way to sign in. Link another account first to remove it.
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <InlineError error={remove.error} />
      {available.length > 0 && (
        <p className="actions">
          {available.map((provider) => (
            <a key={provider.id} className="button" href={schoolSignInStart(provider.id, { returnTo: settingsPath, link: true })}>
              Link {provider.name}
            </a>
          ))}
        </p>
      )}
    </>
  );
}
