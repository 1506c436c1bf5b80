import { Link } from 'react-router-dom';
import { useLinkedSignIns } from '../auth/school-sign-in';
import { AppShell } from '../ui/app-shell';
import { usePageTitle } from '../ui/page-title';
import { LinkedSignIns } from './linked-sign-ins';
import { NotificationSettings, notificationsAnchor } from './notification-settings';
import { PasswordChange } from './password-change';
import './settings.css';

/**
 * `/settings`, signed in: the ways into this account. Its linked school or
 * LMS sign-ins, and its password when it has one (an account made by a
 * school sign-in has none, and no current password to change it with).
 * Then what reaches the member by mail, at `/settings#notifications`, where
 * every mail's settings link points.
 */
export function SettingsPage() {
  usePageTitle('Settings');
  const linked = useLinkedSignIns();
  return (
    <AppShell>
      <div className="settings">
        <h1>Settings</h1>
        <p>
          <Link to="/account">Your account</Link>: download your data, or delete your account.
        </p>
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
        <section className="panel" id={notificationsAnchor} aria-labelledby="notifications-title">
          <h2 id="notifications-title">Notifications</h2>
          <p className="muted">What reaches you by mail while you are away, and when. Everything also shows in the app.</p>
          <NotificationSettings />
        </section>
      </div>
    </AppShell>
  );
}
