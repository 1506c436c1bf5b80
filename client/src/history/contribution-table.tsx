import { dateAndTime } from '../ui/date-formats';
import { isMostlyPasted, pastedShare, percent, survivingShare } from './contribution-scale';
import type { ContributionRow } from './contribution-bars';

/** The figures behind the bars, as a table any reader (and screen reader) can go through. */
export function ContributionTable({
  id,
  rows,
  documentCharacters,
  roleOf,
}: {
  id: string;
  rows: readonly ContributionRow[];
  /** Characters of the document(s) now; null on a group report (shares are per document there). */
  documentCharacters: number | null;
  roleOf?: (userId: string) => string | null;
}) {
  return (
    <div className="table-scroll">
      <table id={id} className="figures">
        <caption className="visually-hidden">Contributions per member</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Surviving</th>
            <th scope="col">Inserted</th>
            <th scope="col">Words</th>
            <th scope="col">Pasted</th>
            <th scope="col">Deleted</th>
            <th scope="col">Sessions</th>
            <th scope="col">Active minutes</th>
            <th scope="col">Last edit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.user.id} data-user-id={row.user.id}>
              <th scope="row">
                {row.user.name}
                {roleOf?.(row.user.id) && <span className="muted small"> · {roleOf(row.user.id)}</span>}
              </th>
              <td data-measure="surviving">
                {row.surviving.toLocaleString()}
                {documentCharacters !== null && <span className="muted small"> ({percent(survivingShare(row.surviving, documentCharacters))})</span>}
              </td>
              <td data-measure="inserted">{row.inserted.toLocaleString()}</td>
              <td data-measure="words">{row.words.toLocaleString()}</td>
              <td data-measure="pasted">
                {row.pasted.toLocaleString()}
                {row.pasted > 0 && (
                  <span className={isMostlyPasted(row) ? 'flag' : 'muted small'}>
                    {' '}
                    {percent(pastedShare(row))} of inserted, {row.pastes} {row.pastes === 1 ? 'paste' : 'pastes'}
                  </span>
                )}
              </td>
              <td data-measure="deleted">{row.deleted.toLocaleString()}</td>
              <td>{row.sessions}</td>
              <td>{row.activeMinutes}</td>
              <td>{row.lastActivity ? dateAndTime().format(row.lastActivity) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Feedback given and received, in detail. */
export function FeedbackTable({ id, rows }: { id: string; rows: readonly ContributionRow[] }) {
  return (
    <div className="table-scroll">
      <table id={id} className="figures">
        <caption className="visually-hidden">Feedback per member</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Threads started</th>
            <th scope="col">Replies</th>
            <th scope="col">Annotations</th>
            <th scope="col">Suggestions (accepted)</th>
            <th scope="col">Given</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.user.id}>
              <th scope="row">{row.user.name}</th>
              <td>{row.feedback.threads}</td>
              <td>{row.feedback.replies}</td>
              <td>{row.feedback.annotations}</td>
              <td>
                {row.feedback.suggestions} ({row.feedback.suggestionsAccepted})
              </td>
              <td data-measure="given">{row.feedbackGiven}</td>
              <td data-measure="received">{row.feedbackReceived}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
