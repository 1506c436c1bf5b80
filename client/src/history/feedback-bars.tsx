import { Avatar } from '../ui/avatar';
import type { ContributionRow } from './contribution-bars';

const half = 150;
const barHeight = 12;

/**
 * Feedback given (to the left) and received (to the right) per member, as a
 * diverging bar: who reviews others and who gets reviewed reads at a glance.
 */
export function FeedbackBars({ rows, tableId }: { rows: readonly ContributionRow[]; tableId: string }) {
  const max = Math.max(1, ...rows.flatMap((row) => [row.feedbackGiven, row.feedbackReceived]));
  const x = (value: number) => (value / max) * (half - 4);
  return (
    <figure className="chart feedback-chart" aria-describedby={tableId}>
      <div className="feedback-head muted small" aria-hidden="true">
        <span>← Given</span>
        <span>Received →</span>
      </div>
      <div className="bars" role="list">
        {rows.map((row) => (
          <div className="bars-row feedback-row" role="listitem" key={row.user.id}>
            <div className="bars-who">
              <Avatar userId={row.user.id} name={row.user.name} size={28} />
              <span className="bars-name">{row.user.name}</span>
            </div>
            <span className="feedback-value measure-text-given">{row.feedbackGiven}</span>
            <svg className="bars-svg" viewBox={`0 0 ${half * 2} ${barHeight}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect className="feedback-given" x={half - x(row.feedbackGiven)} y={0} width={x(row.feedbackGiven)} height={barHeight} rx={2} />
              <rect className="feedback-received" x={half} y={0} width={x(row.feedbackReceived)} height={barHeight} rx={2} />
              <line className="bars-grid" x1={half} x2={half} y1={0} y2={barHeight} vectorEffect="non-scaling-stroke" />
            </svg>
            <span className="feedback-value measure-text-received">{row.feedbackReceived}</span>
          </div>
        ))}
      </div>
      <figcaption className="muted small">Threads and replies each member wrote (given) and got from others (received).</figcaption>
    </figure>
  );
}
