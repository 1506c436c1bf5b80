import type { Rubric } from '../../../shared/schemas/rubrics';

/** A rubric read in full: each criterion with its levels' labels, points and descriptions. */
export function RubricSummary({ rubric }: { rubric: Pick<Rubric, 'criteria'> }) {
  return (
    <ol className="rubric-summary">
      {rubric.criteria.map((criterion, c) => (
        <li key={c}>
          <strong>{criterion.title}</strong>
          {criterion.description && <p className="muted small">{criterion.description}</p>}
          <ul>
            {criterion.levels.map((level, l) => (
              <li key={l}>
                {level.label} ({formatPoints(level.points)}){level.description && <span className="muted">: {level.description}</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** "1 point", "5.5 points". */
export function formatPoints(points: number): string {
  return `${points.toLocaleString()} ${points === 1 ? 'point' : 'points'}`;
}
