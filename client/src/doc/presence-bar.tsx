import { useEffect, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { announce } from '../ui/live-announcer';
import { initials } from '../ui/avatar';
import { usePresence, type Present } from './presence';

/**
 * Avatars of everyone with the document open. Clicking someone scrolls to
 * their caret (rendered with `data-user-id` by editor-extensions.ts).
 */
export function PresenceBar({ awareness, editorRoot }: { awareness: Awareness; editorRoot: () => HTMLElement | null }) {
  const present = usePresence(awareness);
  const count = present.length;
  // Who comes and goes is told through the app's announcer, which coalesces a flurry of arrivals; not on opening the page.
  const opened = useRef(false);
  useEffect(() => {
    if (!opened.current) {
      opened.current = true;
      return;
    }
    announce({ kind: 'status', topic: 'presence', message: count === 1 ? 'Only you are here' : `${count} people are here` });
  }, [count]);

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
            >
              {/* Named by words, not by the initials shown (a name that does not contain the visible text confuses voice control). */}
              <span aria-hidden="true">{initials(person.name)}</span>
              <span className="visually-hidden">{person.isSelf ? `${person.name} (you)` : `Go to ${person.name}’s cursor`}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
