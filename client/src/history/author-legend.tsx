/** One entry of a colour legend: who, their colour, and what the colour stands for. */
export interface LegendEntry {
  userId: string;
  name: string;
  color: string;
  detail?: string;
}

/** A legend as a list, so screen readers hear who is who (the colours themselves are decoration). */
export function AuthorLegend({ entries, label }: { entries: readonly LegendEntry[]; label: string }) {
  if (entries.length === 0) return null;
  return (
    <ul className="author-legend" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.userId} data-user-id={entry.userId}>
          <span className="legend-swatch" aria-hidden="true" style={{ backgroundColor: entry.color }} />
          <span className="legend-name">{entry.name}</span>
          {entry.detail && <span className="muted small">{entry.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
