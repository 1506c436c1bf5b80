import type { GroupContributionsResponse } from '../../../shared/schemas/history';

/**
 * The group report as CSV, one row per member and document plus a row per
 * member for all documents, for a spreadsheet or a course platform.
 * Every cell is quoted, and a text cell a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at its start) is prefixed with an apostrophe (OWASP
 * "CSV injection"). Quoting every cell, not only those holding a comma,
 * matters: a spreadsheet set to split on semicolons would otherwise cut
 * `Ann;=cmd|...` in two and run the second half.
 */
const header = [
  'document',
  'project',
  'member',
  'email',
  'role',
  'surviving',
  'inserted',
  'words',
  'pasted',
  'deleted',
  'edits',
  'sessions',
  'active minutes',
  'first activity',
  'last activity',
  'feedback given',
  'feedback received',
  'suggestions',
  'suggestions accepted',
];

export function groupReportCsv(report: GroupContributionsResponse): string {
  const roles = new Map(report.members.map((member) => [member.user.id, member.role ?? 'former member']));
  const lines: (string | number)[][] = [header];
  type Row = GroupContributionsResponse['members'][number] | GroupContributionsResponse['documents'][number]['contributors'][number];
  const line = (document: string, project: string, row: Row) => [
    document,
    project,
    row.user.name,
    row.user.email,
    roles.get(row.user.id) ?? 'former member',
    row.surviving,
    row.inserted,
    row.words,
    row.pasted,
    row.deleted,
    row.edits,
    row.sessions,
    row.activeMinutes,
    row.firstActivity === null ? '' : new Date(row.firstActivity).toISOString(),
    row.lastActivity === null ? '' : new Date(row.lastActivity).toISOString(),
    row.feedbackGiven,
    row.feedbackReceived,
    row.feedback.suggestions,
    row.feedback.suggestionsAccepted,
  ];
  for (const member of report.members) lines.push(line('All documents', '', member));
  for (const { doc, contributors } of report.documents) {
    for (const contributor of contributors) lines.push(line(doc.title, doc.project.name, contributor));
  }
  return csvText(lines);
}

/** Lines of cells as CSV (CRLF, as spreadsheets expect), every cell escaped alike. */
export function csvText(lines: readonly (readonly (string | number)[])[]): string {
  return lines.map((cells) => cells.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A number is never a formula; text starting like one is neutralised. */
function cell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : formulaStart.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

const formulaStart = /^[=+\-@\t\r]/;
