import type { Awareness } from 'y-protocols/awareness';
import { initials } from '../ui/avatar';
import { usePresence, type Present } from './presence';

/**
 * Avatars of everyone with the document open. Clicking someone scrolls to
 * their caret (rendered with `data-user-id` by editor-extensions.ts).
 */
export function PresenceBar({ awareness, editorRoot }: { awareness: Awareness; editorRoot: () => HTMLElement | null }) {
  const present = usePresence(awareness);

  const scrollTo = (person: Present) => {
    const caret = editorRoot()?.querySelector<HTMLElement>(`.collaboration-carets__caret[data-user-id="${CSS.escape(person.id)}"]`);
    caret?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    caret?.classList.add('caret-flash');
    setTimeout(() => caret?.classList.remove('caret-flash'), 1200);
  };

  return (
    <div className="presence" aria-label="Who is here">
      <ul>
        {present.map((person) => (
          <li key={person.id}>
            <button
              type="button"
              className="presence-avatar"
              style={{ backgroundColor: person.color }}
              onClick={() => scrollTo(person)}
              disabled={person.isSelf}
              title={person.isSelf ? `${person.name} (you)` : `${person.name}: go to their cursor`}
              aria-label={person.isSelf ? `${person.name} (you)` : `Go to ${person.name}’s cursor`}
            >
              {initials(person.name)}
            </button>
          </li>
        ))}
      </ul>
      <span className="visually-hidden" aria-live="polite">
        {present.length === 1 ? 'Only you are here.' : `${present.length} people are here.`}
      </span>
    </div>
  );
}
