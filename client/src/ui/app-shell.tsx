import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { UnreadBadge } from '../activity/unread-badge';
import { useSession, useSignOut } from '../auth/session';
import { NotificationBell } from '../notifications/notification-bell';
import { ThemeToggle } from './theme-toggle';

/** The frame of every page: a skip link, the header, and the page itself. */
export function AppShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const user = session.data;

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
      navigate('/login');
    }
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand" aria-label="Commonplace, home">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>Commonplace</span>
        </Link>
        <nav aria-label="Account" className="account">
          {user && <UnreadBadge />}
          {user && <NotificationBell />}
          <ThemeToggle />
          {user && (
            <>
              <span className="account-name" title={user.email}>
                {user.name}
              </span>
              <Link className="button quiet small" to="/settings">
                Settings
              </Link>
              <Link className="button quiet small account-link" to="/account">
                Your account
              </Link>
              <button type="button" className="button quiet small" onClick={() => void onSignOut()} disabled={signingOut}>
                Sign out
              </button>
            </>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1} className={wide ? 'page page-wide' : 'page'}>
        {children}
      </main>
    </>
  );
}
