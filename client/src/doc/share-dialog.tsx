import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { roles, type Role } from '../../../shared/permissions';
import { emailInviteBody, type EmailInviteResponse } from '../../../shared/schemas/groups';
import type { DocWithContext } from '../../../shared/schemas/projects';
import { call } from '../api/endpoints';
import { queryKeys, useGroup } from '../api/queries';
import { signInPath } from '../auth/session';
import { InviteLinks } from '../groups/invite-links';
import { CopyButton } from '../ui/copy-button';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { Loading } from '../ui/loading';
import { roleName } from '../ui/role-badge';
import { TextField } from '../ui/text-field';
import '../styles/first-run.css';
import { useModalDialog } from '../ui/modal-dialog';

/**
 * The Share button of a document and its dialog. The dialog is the native
 * modal <dialog>: the page behind it is inert (focus stays inside), Escape
 * closes it, and closing returns focus to the button.
 */
export function ShareButton({ doc }: { doc: DocWithContext }) {
  const [open, setOpen] = useState(false);
  const ref = useModalDialog(open);
  const titleId = useId();

  return (
    <>
      <button type="button" className="button small primary" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Share
      </button>
      <dialog ref={ref} className="share-dialog" aria-labelledby={titleId} onClose={() => setOpen(false)} onKeyDown={keepFocusInside}>
        {open && (
          <>
            <div className="share-dialog-head">
              <h2 id={titleId}>Share “{doc.title}”</h2>
              <button type="button" className="button quiet small" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
            <ShareContent doc={doc} />
          </>
        )}
      </dialog>
    </>
  );
}

const focusable = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Tab from the last control goes to the first and Shift+Tab from the first
 * to the last: a modal dialog makes the page behind it inert, but the
 * browser would still let focus leave to its own toolbar.
 */
function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(focusable)].filter((control) => control.offsetParent !== null);
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** The address of a page of this app, to send to someone. */
const addressOf = (path: string) => `${window.location.origin}${path}`;

function ShareContent({ doc }: { doc: DocWithContext }) {
  const group = useGroup(doc.group.id);
  const docLink = addressOf(`/docs/${doc.id}`);
  if (group.isPending) return <Loading label="Loading who can invite…" />;
  if (group.isError) return <InlineError error={group.error} />;

  return (
    <div className="stack">
      {group.data.group.can.manageMembers ? (
        <>
          <EmailInvite doc={doc} />
          <InviteLinks groupId={doc.group.id} />
        </>
      ) : (
        <p>
          Only instructors of {doc.group.name} can invite people. Ask one of them to share it with your team; anyone already in{' '}
          {doc.group.name} can open this document with its link.
        </p>
      )}
      <LinkRow label="Link to this document" link={docLink} />
    </div>
  );
}

function LinkRow({ label, link }: { label: string; link: string }) {
  return (
    <div className="share-link-row">
      <input className="invite-url" readOnly value={link} aria-label={label} onFocus={(event) => event.target.select()} />
      <CopyButton text={link} label={`Copy ${label.toLowerCase()}`} />
    </div>
  );
}

/**
 * Invite by email: an account with that address joins the group at once
 * with the chosen role; an address without one joins when it signs up.
 * No email is sent yet, so the dialog says where they will find it and
 * offers the link to send them.
 */
function EmailInvite({ doc }: { doc: DocWithContext }) {
  const groupId = doc.group.id;
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [results, setResults] = useState<EmailInviteResponse[]>([]);
  const roleId = useId();
  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role }) => call('POST /api/groups/:groupId/invites/email', { params: { groupId }, body }),
    onSuccess: async (result) => {
      setResults((current) => [result, ...current.filter((earlier) => earlier.email !== result.email)]);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.members(groupId) });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = emailInviteBody.safeParse({ email, role });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    invite.mutate(parsed.data);
  };

  return (
    <section className="panel" aria-labelledby="email-invite-title">
      <h2 id="email-invite-title">Invite by email</h2>
      <form className="share-email" onSubmit={submit} noValidate>
        <TextField label="Email" type="email" autoComplete="off" value={email} error={errors.email} onChange={(event) => setEmail(event.target.value)} />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roles.map((option) => (
              <option key={option} value={option}>
                {roleName(option)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {invite.isError && Object.keys(errors).length === 0 && <InlineError error={invite.error} />}
      <ul className="share-results" aria-live="polite" aria-label="Invited">
        {results.map((result) => (
          <li key={result.email}>
            <InviteOutcome result={result} doc={doc} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function InviteOutcome({ result, doc }: { result: EmailInviteResponse; doc: DocWithContext }) {
  const group = doc.group.name;
  const role = roleName(result.role).toLowerCase();
  if (result.outcome === 'pending') {
    return (
      <>
        <p>
          <strong>{result.email}</strong> has no account yet. When they sign up with this address they join {group} as {role}.
          Email is not sent yet: send them this link.
        </p>
        <LinkRow label={`Sign-up link for ${result.email}`} link={addressOf(signInPath(`/docs/${doc.id}`, 'signup'))} />
      </>
    );
  }
  const name = result.user?.name ?? result.email;
  if (result.outcome === 'already-member') {
    return (
      <p>
        <strong>{name}</strong> is already in {group} as {role}.
      </p>
    );
  }
  return (
    <p>
      Added <strong>{name}</strong> ({result.email}) to {group} as {role}. They will see it on their home page next time
      they sign in; email is not sent yet, so you may send them the link to this document.
    </p>
  );
}
