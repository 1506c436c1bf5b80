import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import '../styles/first-run.css';

/** What Commonplace is, in one line: the landing page and the sign-in and sign-up pages say it. */
export const productLine =
  'Commonplace is a real-time workspace for learning: your team co-writes its work, peers leave feedback right in the text, instructors see who contributed, and a digest tells you what changed.';

/** The calm, centred card around the sign-in and sign-up forms, saying what the product is. */
export function AuthFrame({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <Link to="/" className="brand brand-large" aria-label="Commonplace, home">
          <img src="/icon.svg" alt="" width="36" height="36" />
          <span>Commonplace</span>
        </Link>
        <p className="auth-product muted small">{productLine}</p>
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
        {children}
      </div>
    </main>
  );
}
