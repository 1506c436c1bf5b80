import { useLinkedSignIns } from '../auth/school-sign-in';
import { AppShell } from '../ui/app-shell';
import { usePageTitle } from '../ui/page-title';
import { LinkedSignIns } from './linked-sign-ins';
import { PasswordChange } from './password-change';
import './settings.css';

/**
 * `/settings`, signed in: the ways into this account. Its linked school or
 * LMS sign-ins, and its password when it has one (an account made by a
 * school sign-in has none, and no current password to change it with).
 */
export function SettingsPage() {
  usePageTitle('Settings');
  const linked = useLinkedSignIns();
  return (
    <AppShell>
      <div className="settings">
        <h1>Settings</h1>
        <section className="panel" aria-labelledby="linked-title">
          <h2 id="linked-title">Linked sign-ins</h2>
          <p className="muted">Sign in with your school’s account instead of a password.</p>
          <LinkedSignIns />
        </section>
        {linked.data?.hasPassword && (
          <section className="panel" aria-labelledby="password-title">
            <h2 id="password-title">Password</h2>
            <PasswordChange />
          </section>
        )}
      </div>
    </AppShell>
  );
}
