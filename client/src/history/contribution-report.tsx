import { useId } from 'react';
import type { User } from '../../../shared/schemas/auth';
import type { ActivityDay } from '../../../shared/schemas/history';
import { ActivityHeatmap } from './activity-heatmap';
import { ContributionBars, type ContributionRow } from './contribution-bars';
import { ContributionTable, FeedbackTable } from './contribution-table';
import { FeedbackBars } from './feedback-bars';

/** Largest contribution first: the order readers compare in. */
export function byContribution(a: ContributionRow, b: ContributionRow): number {
  return b.surviving - a.surviving || b.inserted - a.inserted || a.user.name.localeCompare(b.user.name);
}

/**
 * The pictures and tables of a contribution report, for one document or a
 * whole group: bars, the activity heatmap, feedback, and the figures.
 */
export function ContributionReport({
  rows,
  documentCharacters,
  days,
  pasteThreshold,
  roleOf,
}: {
  rows: readonly ContributionRow[];
  documentCharacters: number | null;
  days: readonly ActivityDay[];
  pasteThreshold: number;
  roleOf?: (userId: string) => string | null;
}) {
  const figuresId = useId();
  const feedbackId = useId();
  const sorted = [...rows].sort(byContribution);
  const users: User[] = sorted.map((row) => row.user);
  if (sorted.length === 0) {
    return (
      <section className="panel empty">
        <p>Nobody has written anything here yet.</p>
      </section>
    );
  }
  return (
    <>
      <section className="panel" aria-labelledby={`${figuresId}-title`}>
        <h2 id={`${figuresId}-title`}>Who wrote what</h2>
        <ContributionBars rows={sorted} tableId={figuresId} />
        <ContributionTable id={figuresId} rows={sorted} documentCharacters={documentCharacters} roleOf={roleOf} />
        <p className="muted small">
          Text that came in one insertion of {pasteThreshold.toLocaleString()} characters or more counts as pasted; it is
          flagged when it is half or more of what someone inserted.
        </p>
      </section>
      <section className="panel" aria-labelledby={`${figuresId}-activity`}>
        <h2 id={`${figuresId}-activity`}>Activity by day</h2>
        <ActivityHeatmap days={days} users={users} />
      </section>
      <section className="panel" aria-labelledby={`${feedbackId}-title`}>
        <h2 id={`${feedbackId}-title`}>Feedback given and received</h2>
        <FeedbackBars rows={sorted} tableId={feedbackId} />
        <FeedbackTable id={feedbackId} rows={sorted} />
      </section>
    </>
  );
}
