import { useState } from 'react';
import type { RosterReport, RosterRowReport, RowStatus } from '../../../shared/schemas/roster';

const statusWords: Record<RowStatus, string> = { ok: 'OK', warning: 'Warning', error: 'Error' };

const actionWords: Record<RosterRowReport['action'], string> = {
  add: 'Joins the course',
  'already-member': 'Already in the course',
  invite: 'Invited (no account yet)',
  skip: 'Skipped',
};

/** Rows shown at first: a class fits; a file of thousands of rows shows its problems and the first rows, and the rest on request. */
const firstRows = 200;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The summary line of a roster report, in words. */
export function rosterSummaryText(report: RosterReport): string {
  const { summary } = report;
  // What is nothing is left out: "0 invited" says less than no word at all.
  const parts = [plural(summary.rows, 'row', 'rows'), `${summary.learnersAdded} ${report.applied ? 'joined' : 'join'} the course`];
  if (summary.invited) parts.push(`${summary.invited} invited`);
  if (summary.alreadyMembers) parts.push(`${summary.alreadyMembers} already in it`);
  if (summary.teamsCreated) {
    parts.push(plural(summary.teamsCreated, report.applied ? 'team created' : 'team to create', report.applied ? 'teams created' : 'teams to create'));
  }
  if (summary.warnings) parts.push(plural(summary.warnings, 'warning', 'warnings'));
  if (summary.errors) parts.push(plural(summary.errors, 'error', 'errors'));
  return parts.join(' · ');
}

/** Learners a confirm would import: rows that do something. */
export const learnersToImport = (report: RosterReport) => report.rows.filter((row) => row.action !== 'skip').length;

/**
 * What a roster would do, row by row: every row with its status in words
 * (not colour alone), errors first in a file that has them, and what each
 * row does. Problems of the whole file (its encoding, its header) come
 * first, as an alert.
 */
export function RosterReportView({ report }: { report: RosterReport }) {
  const problemRows = report.rows.filter((row) => row.status !== 'ok');
  const [onlyProblems, setOnlyProblems] = useState(problemRows.length > 0);
  const [showAll, setShowAll] = useState(false);
  const rows = onlyProblems ? problemRows : report.rows;
  const shown = showAll ? rows : rows.slice(0, firstRows);

  return (
    <div className="roster-report">
      <p className="roster-summary" role="status">
        {rosterSummaryText(report)}
      </p>
      {report.problems.length > 0 && (
        <div className="inline-error" role="alert">
          <strong>This file cannot be imported as it is.</strong>
          <ul>
            {report.problems.map((problem, at) => (
              <li key={at}>{problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}`}</li>
            ))}
          </ul>
        </div>
      )}
      {report.notes.length > 0 && (
        <ul className="roster-notes muted small">
          {report.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {report.rows.length > 0 && (
        <>
          <label className="check">
            <input type="checkbox" checked={onlyProblems} onChange={(event) => setOnlyProblems(event.target.checked)} />
            Only rows with warnings or errors ({problemRows.length})
          </label>
          <div className="table-scroll roster-table-scroll">
            <table className="roster-table" aria-label="Roster rows">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Status</th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Team</th>
                  <th scope="col">What happens</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <tr key={row.line} className={`roster-row roster-row-${row.status}`} data-status={row.status}>
                    <td>{row.line}</td>
                    <td>
                      <span className={`roster-status roster-status-${row.status}`}>{statusWords[row.status]}</span>
                    </td>
                    <td>{row.name}</td>
                    <td className="roster-email">{row.email}</td>
                    <td>{row.team ?? <span className="muted">none</span>}</td>
                    <td>
                      {actionWords[row.action]}
                      {row.messages.map((message) => (
                        <span key={message} className="roster-message">
                          {message}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.length < rows.length && (
            <button type="button" className="button quiet small" onClick={() => setShowAll(true)}>
              Show all {rows.length} rows
            </button>
          )}
        </>
      )}
    </div>
  );
}
