import { Link, useLocation } from 'react-router-dom';
import { explainError } from '../api/api-error';
import { signInPath } from '../auth/session';

/** A failure explained in words, with the way forward (never a blank page). */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const location = useLocation();
  const { title, detail, action } = explainError(error);
  return (
    <section className="panel error-panel" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{detail}</p>
      <p className="actions">
        {action === 'sign-in' && (
          <Link className="button primary" to={signInPath(location.pathname + location.search)}>
            Sign in
          </Link>
        )}
        {action === 'retry' && onRetry && (
          <button type="button" className="button primary" onClick={onRetry}>
            Try again
          </button>
        )}
        {location.pathname !== '/' && (
          <Link className="button" to="/">
            Go to your groups
          </Link>
        )}
      </p>
    </section>
  );
}

/** A short error line under a form or an action. */
export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail } = explainError(error);
  return (
    <p className="inline-error" role="alert">
      <strong>{title}.</strong> {detail}
    </p>
  );
}
