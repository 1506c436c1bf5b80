import { useId } from 'react';
import type { ActivityDay } from '../../../shared/schemas/history';
import type { User } from '../../../shared/schemas/auth';
import { utcMonthDay } from '../ui/date-formats';
import { activityGrid } from './activity-grid';

const cell = 16;
const gap = 3;
const nameWidth = 140;
const headHeight = 22;
/**
 * Room a day label takes, "Dec 31" in the 12px label font with some to
 * spare. The last column's label starts at its cell and runs past it, so
 * the chart is widened to hold it whole rather than cut it to "Dec".
 */
export const labelWidth = 48;
/** Columns that must separate two labels for them not to overlap. */
const labelSpacing = Math.ceil(labelWidth / (cell + gap));

/**
 * The columns whose day is labelled: every seventh from the first, and the
 * last day. When the last is too near the label before it, that label gives
 * way to it (the first day's never does: the range is read from its ends).
 */
export function labelledColumns(count: number): number[] {
  const columns: number[] = [];
  for (let column = 0; column < count; column += 7) columns.push(column);
  const last = count - 1;
  if (last <= 0 || columns.at(-1) === last) return columns;
  if (columns.length > 1 && last - columns.at(-1)! < labelSpacing) columns.pop();
  if (last - columns.at(-1)! >= labelSpacing) columns.push(last);
  return columns;
}

/** The chart's width: the names, the columns, and room for the last column's label. */
function chartWidth(count: number): number {
  return nameWidth + Math.max(0, count - 1) * (cell + gap) + Math.max(cell + gap, labelWidth);
}

const labelOf = (date: string) => utcMonthDay().format(new Date(`${date}T00:00:00Z`));

/**
 * Days x members: each cell's shade says how many edits that member made that
 * day (levels of the busiest cell, see activity-grid.ts). Every cell has a
 * tooltip; the same figures are in the table that follows, for everyone who
 * does not read colour.
 */
export function ActivityHeatmap({ days, users }: { days: readonly ActivityDay[]; users: readonly User[] }) {
  const tableId = useId();
  const grid = activityGrid(days, users.map((user) => user.id));
  const names = new Map(users.map((user) => [user.id, user.name]));
  if (grid.dates.length === 0) return <p className="muted">No edits yet.</p>;
  const width = chartWidth(grid.dates.length);
  const labelled = new Set(labelledColumns(grid.dates.length));
  const height = headHeight + grid.rows.length * (cell + gap);
  return (
    <figure className="chart heatmap" aria-describedby={tableId}>
      <div className="heatmap-scroll">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`Edits per day from ${labelOf(grid.dates[0] ?? '')} to ${labelOf(grid.dates.at(-1) ?? '')}, per member`}
        >
          {grid.dates.map((date, column) =>
            labelled.has(column) ? (
              <text key={date} className="heatmap-date" x={nameWidth + column * (cell + gap)} y={14}>
                {labelOf(date)}
              </text>
            ) : null,
          )}
          {grid.rows.map((row, rowIndex) => {
            const y = headHeight + rowIndex * (cell + gap);
            return (
              <g key={row.userId} data-user-id={row.userId}>
                <text className="heatmap-name" x={0} y={y + cell - 4}>
                  {truncate(names.get(row.userId) ?? 'Former user', 18)}
                </text>
                {row.cells.map((c, column) => (
                  <rect
                    key={c.date}
                    className={`heat heat-${c.level}`}
                    data-edits={c.edits}
                    x={nameWidth + column * (cell + gap)}
                    y={y}
                    width={cell}
                    height={cell}
                    rx={3}
                  >
                    <title>{`${names.get(row.userId) ?? 'Former user'}, ${labelOf(c.date)}: ${c.edits} edits, +${c.inserted} −${c.deleted} characters`}</title>
                  </rect>
                ))}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="heatmap-key muted small" aria-hidden="true">
        Fewer
        {[0, 1, 2, 3, 4].map((level) => (
          <span key={level} className={`key-cell heat-${level}`} />
        ))}
        More edits
      </div>
      <details className="chart-table">
        <summary>Activity as a table</summary>
        <div className="table-scroll">
          <table id={tableId}>
            <caption className="visually-hidden">Edits per day and member</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {grid.rows.map((row) => (
                  <th scope="col" key={row.userId}>
                    {names.get(row.userId) ?? 'Former user'}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.dates.map((date, column) => (
                <tr key={date}>
                  <th scope="row">{labelOf(date)}</th>
                  {grid.rows.map((row) => {
                    const c = row.cells[column];
                    return <td key={row.userId}>{c && c.edits > 0 ? `${c.edits} (+${c.inserted} −${c.deleted})` : '–'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
