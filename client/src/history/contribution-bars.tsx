import type { Contribution } from '../../../shared/schemas/history';
import type { User } from '../../../shared/schemas/auth';
import { Avatar } from '../ui/avatar';
import { barMeasures, barScale, isMostlyPasted, pastedShare, percent } from './contribution-scale';

export interface ContributionRow extends Contribution {
  user: User;
}

/** Bar geometry in the SVG's own units; the SVG stretches to the row's width. */
const width = 300;
const barHeight = 10;
const barGap = 3;

/**
 * Bars per member: surviving, inserted (its pasted part striped) and
 * deleted characters, on one scale for everyone. The figures are in the
 * table below the chart (contribution-table.tsx); the chart is for the eye.
 */
export function ContributionBars({ rows, tableId }: { rows: readonly ContributionRow[]; tableId: string }) {
  const { max, ticks } = barScale(rows);
  const x = (value: number) => (value / max) * width;
  const height = barMeasures.length * (barHeight + barGap) - barGap;
  return (
    <figure className="chart bars-chart" aria-describedby={tableId}>
      <ul className="chart-key" aria-label="Bars">
        {barMeasures.map((measure) => (
          <li key={measure.key}>
            <span className={`key-swatch measure-${measure.key}`} aria-hidden="true" />
            {measure.label} <span className="muted small">({measure.description})</span>
          </li>
        ))}
        <li>
          <span className="key-swatch measure-pasted" aria-hidden="true" />
          Pasted part of inserted
        </li>
      </ul>
      <div className="bars" role="list">
        {rows.map((row) => (
          <div className="bars-row" role="listitem" key={row.user.id} data-user-id={row.user.id}>
            <div className="bars-who">
              <Avatar userId={row.user.id} name={row.user.name} size={28} />
              <span className="bars-name">{row.user.name}</span>
              {isMostlyPasted(row) && (
                <span className="flag" title={`${percent(pastedShare(row))} of the inserted text was pasted`}>
                  {percent(pastedShare(row))} pasted
                </span>
              )}
            </div>
            <svg className="bars-svg" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
              {ticks.map((tick) => (
                <line key={tick} className="bars-grid" x1={x(tick)} x2={x(tick)} y1={0} y2={height} vectorEffect="non-scaling-stroke" />
              ))}
              {barMeasures.map((measure, i) => (
                <rect
                  key={measure.key}
                  className={`measure-${measure.key}`}
                  x={0}
                  y={i * (barHeight + barGap)}
                  width={x(row[measure.key])}
                  height={barHeight}
                  rx={2}
                />
              ))}
              {row.pasted > 0 && (
                <rect className="measure-pasted" x={x(row.inserted - row.pasted)} y={barHeight + barGap} width={x(row.pasted)} height={barHeight} />
              )}
            </svg>
            <p className="bars-values small" aria-hidden="true">
              <span className="measure-text-surviving">{row.surviving.toLocaleString()}</span>
              <span className="measure-text-inserted">+{row.inserted.toLocaleString()}</span>
              <span className="measure-text-deleted">−{row.deleted.toLocaleString()}</span>
            </p>
          </div>
        ))}
      </div>
      <div className="bars-row bars-axis-row" aria-hidden="true">
        <span />
        <div className="bars-axis muted small">
          {ticks.map((tick) => (
            <span key={tick}>{tick.toLocaleString()}</span>
          ))}
        </div>
        <span />
      </div>
      <figcaption className="muted small">Characters per member, on one scale. The exact figures are in the table.</figcaption>
    </figure>
  );
}
