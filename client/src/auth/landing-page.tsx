import { Link } from 'react-router-dom';
import { usePageTitle } from '../ui/page-title';
import { productLine } from './auth-frame';
import '../styles/first-run.css';

/** What a team finds in Commonplace, each in the learner's words. */
const promises: { title: string; text: string }[] = [
  {
    title: 'Write together, live or days apart',
    text: 'Your team co-writes its deliverable in one document: see each other’s cursors, keep writing offline, never lose a word the app said was saved.',
  },
  {
    title: 'Feedback on the words themselves',
    text: 'Peers and reviewers comment, tag a passage or suggest an edit right in the text; the author accepts or answers.',
  },
  {
    title: 'Credit that is fair',
    text: 'Instructors see who wrote what, what survived, and who gave feedback: the work of each person, not just the loudest.',
  },
  {
    title: 'Catch up in a minute',
    text: 'Back after a few days? A short digest tells what changed, by whom, and what waits for you.',
  },
];

/**
 * `/` for a visitor who is not signed in: what Commonplace is and the way
 * in. Signed in, the same address is the home page (SessionGate).
 */
export function LandingPage() {
  usePageTitle('A workspace for learning together');
  return (
    <main id="main" className="landing">
      <header className="landing-top">
        <span className="brand brand-large">
          <img src="/icon.svg" alt="" width="32" height="32" />
          <span>Commonplace</span>
        </span>
        <Link className="button quiet" to="/login">
          Sign in
        </Link>
      </header>
      <section className="landing-hero" aria-labelledby="landing-title">
        <h1 id="landing-title">Learn by making something together</h1>
        <p className="landing-lead">{productLine}</p>
        <p className="actions">
          <Link className="button primary" to="/signup">
            Create an account
          </Link>
          <Link className="button" to="/login">
            Sign in
          </Link>
        </p>
        <p className="muted small">Got an invite link from your team? Open it, or paste it on your home page after you sign up.</p>
      </section>
      <ul className="landing-promises" aria-label="What Commonplace does">
        {promises.map((promise) => (
          <li key={promise.title} className="panel">
            <h2>{promise.title}</h2>
            <p>{promise.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
