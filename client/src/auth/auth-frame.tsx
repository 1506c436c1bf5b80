import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The calm, centred card around the sign-in and sign-up forms. */
export function AuthFrame({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <Link to="/" className="brand brand-large" aria-label="Commonplace, home">
          <img src="/icon.svg" alt="" width="36" height="36" />
          <span>Commonplace</span>
        </Link>
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
        {children}
      </div>
    </main>
  );
}
