import { useState } from 'react';
import { pathTo } from '../api/http';
import { useLinkedSignIns } from '../auth/school-sign-in';
import { AppShell } from '../ui/app-shell';
import { usePageTitle } from '../ui/page-title';
import { DeleteAccountDialog } from './delete-account-dialog';
import './account.css';

/**
 * `/account`, signed in: what Commonplace keeps about the person, to take
 * with them (a ZIP of JSON and Markdown, downloaded by the browser itself),
 * and deleting the account, behind a dialog that says what goes and what
 * stays and asks for the password (or, without one, a typed phrase).
 */
export function AccountPage() {
  usePageTitle('Your account');
  const linked = useLinkedSignIns();
  const [deleting, setDeleting] = useState(false);
  return (
    <AppShell>
      <div className="settings account-page">
        <h1>Your account</h1>
        <section className="panel" aria-labelledby="your-data-title">
          <h2 id="your-data-title">Your data</h2>
          <p>
            Download everything Commonplace keeps about you: your account and ways in, your groups and roles, the text you wrote in
            each document with your editing history, your comments and replies, the ratings and reviews you gave, and your
            notification settings and notifications. It is a ZIP file of JSON and Markdown.
          </p>
          <p>
            <a className="button" href={pathTo('GET /api/me/export')} download>
              Download my data
            </a>
          </p>
        </section>
        <section className="panel" aria-labelledby="delete-title">
          <h2 id="delete-title">Delete your account</h2>
          <p className="muted">
            Your personal data is erased and you are signed out everywhere. What you wrote with your team stays in its documents,
            shown as “Former member”.
          </p>
          <button type="button" className="button danger" onClick={() => setDeleting(true)} disabled={linked.isPending}>
            Delete account…
          </button>
        </section>
      </div>
      <DeleteAccountDialog open={deleting} hasPassword={linked.data?.hasPassword ?? true} onCancel={() => setDeleting(false)} />
    </AppShell>
  );
}
