import type { GroupHealth } from '../../../shared/schemas/activity';

/** Team-health lines of the reader's groups (instructors and members only; the server decides), where there is something to say. */
export function TeamHealth({ health }: { health: readonly GroupHealth[] }) {
  const concerns = health.filter((entry) => entry.sentences.length > 0);
  if (concerns.length === 0) return null;
  return (
    <section className="feed-health" aria-labelledby="feed-health-title">
      <h3 id="feed-health-title">Team health</h3>
      <ul>
        {concerns.map((entry) => (
          <li key={entry.group.id}>
            <strong>{entry.group.name}:</strong> {entry.sentences.join(' ')}
          </li>
        ))}
      </ul>
    </section>
  );
}
