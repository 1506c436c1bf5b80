import { email as emailSchema } from './schemas/auth';
import { title } from './schemas/common';
import { rosterLimits, type RosterProblem, type RowStatus } from './schemas/roster';
import { decodeUtf8, parseCsv } from './roster-csv';

/**
 * A roster file read and checked on its own, before anything in storage is
 * looked at: which column is which, and what is wrong with each row (a
 * missing or invalid email, a repeated learner, a learner in two teams, a
 * row with too many or too few fields). The server adds what storage knows
 * (accounts, memberships, teams) and applies it.
 */

/** The header names each recognised column goes by (compared trimmed, in lower case). */
const columnNames = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail'],
  name: ['name', 'full name', 'learner', 'student'],
  team: ['team', 'team name'],
} as const;
type Known = keyof typeof columnNames;

export interface RosterRow {
  line: number;
  name: string;
  /** Normalised when valid; as written otherwise. */
  email: string;
  /** The team as first spelled in the file; null: none. */
  team: string | null;
  /** The other columns' values, by column name as the header spells it. */
  attributes: Record<string, string>;
  status: RowStatus;
  messages: string[];
  /** A repeat of an earlier row (same email, same team): counted once. */
  repeat: boolean;
}

export interface RosterColumns {
  name: string | null;
  email: string | null;
  team: string | null;
  attributes: string[];
}

export interface RosterReading {
  columns: RosterColumns;
  notes: string[];
  problems: RosterProblem[];
  rows: RosterRow[];
  /** Data rows in the file (blank lines aside), even those past the limit. */
  rowCount: number;
}

const teamName = title(120);

/** Reads a roster from the file's bytes. Nothing here throws on bad input: everything is in the reading. */
export function readRoster(bytes: Uint8Array): RosterReading {
  const columns: RosterColumns = { name: null, email: null, team: null, attributes: [] };
  const empty = (problems: RosterProblem[]): RosterReading => ({ columns, notes: [], problems, rows: [], rowCount: 0 });
  if (bytes.length > rosterLimits.maxBytes) {
    return empty([{ line: null, message: `The file is larger than ${rosterLimits.maxBytes / 1024 / 1024} MB; split it.` }]);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return empty([{ line: decoded.problem.line, message: decoded.problem.message }]);
  const { records, problems } = parseCsv(decoded.text);
  // Excel may start a file with "sep=," to name its separator: not a row of the roster.
  if (records[0] && records[0].fields.length <= 2 && /^sep=.?$/i.test(records[0].fields.join(','))) records.shift();
  const [header, ...data] = records;
  if (!header) return empty([...problems, { line: null, message: 'The file is empty: its first line names the columns (name,email,team), one learner per line after it.' }]);

  const notes: string[] = [];
  if (header.fields.length > rosterLimits.maxColumns) {
    problems.push({ line: header.line, message: `The header has ${header.fields.length} columns; a roster has at most ${rosterLimits.maxColumns}.` });
    return { columns, notes, problems, rows: [], rowCount: data.length };
  }
  // What each column of the file is: a known one, an attribute, or nothing.
  const roles: ({ known: Known } | { attribute: string } | null)[] = [];
  const seen = new Set<string>();
  header.fields.forEach((raw, index) => {
    const label = raw.trim();
    const key = label.toLowerCase();
    const known = (Object.keys(columnNames) as Known[]).find((k) => (columnNames[k] as readonly string[]).includes(key));
    if (!label) {
      notes.push(`Column ${index + 1} has no name in the header; it is ignored.`);
      roles.push(null);
    } else if (known && columns[known] !== null) {
      problems.push({ line: header.line, message: `Two columns are the ${known} ("${columns[known]}" and "${label}"); keep one.` });
      roles.push(null);
    } else if (known) {
      columns[known] = label;
      roles.push({ known });
    } else if (seen.has(key) || label.length > rosterLimits.maxFieldChars) {
      notes.push(`Column "${label.slice(0, 40)}" repeats another column's name or is too long; it is ignored.`);
      roles.push(null);
    } else {
      columns.attributes.push(label);
      notes.push(`Column "${label}" is kept with each learner; it can balance teams when forming them automatically.`);
      roles.push({ attribute: label });
    }
    seen.add(key);
  });
  if (columns.email === null) {
    // A spreadsheet set to a European locale saves "CSV" with semicolons.
    const semicolons = header.fields.length === 1 && header.fields[0]!.includes(';');
    problems.push({
      line: header.line,
      message: semicolons
        ? 'The columns are separated by semicolons; save the file as CSV with commas (or "CSV UTF-8").'
        : 'No email column: the first line must name the columns, for example name,email,team.',
    });
    return { columns, notes, problems, rows: [], rowCount: data.length };
  }
  if (columns.team === null) notes.push('No team column: every learner joins the course without a team.');
  if (columns.name === null) notes.push('No name column: learners are known by their email until they sign up.');
  if (data.length > rosterLimits.maxRows) {
    problems.push({
      line: data[rosterLimits.maxRows]!.line,
      message: `The file has ${data.length} learners' rows; one import takes at most ${rosterLimits.maxRows}. Nothing was imported: split the file. Rows past the limit are not checked.`,
    });
  }

  const rows = data.slice(0, rosterLimits.maxRows).map((record): RosterRow => {
    const row: RosterRow = { line: record.line, name: '', email: '', team: null, attributes: {}, status: 'ok', messages: [], repeat: false };
    const fail = (message: string) => {
      row.status = 'error';
      row.messages.push(message);
    };
    const warn = (message: string) => {
      if (row.status === 'ok') row.status = 'warning';
      row.messages.push(message);
    };
    const { fields } = record;
    const tooLong = new Set<Known>();
    if (fields.length > roles.length) {
      fail(`It has ${fields.length} fields where the header has ${roles.length}: a comma inside a value needs quotes around the value.`);
    } else if (fields.length < roles.length) {
      warn(`It has ${fields.length} fields where the header has ${roles.length}; the missing ones are read as empty.`);
    }
    roles.forEach((role, index) => {
      if (!role) return;
      const value = (fields[index] ?? '').trim();
      const label = 'known' in role ? role.known : `"${role.attribute}"`;
      if (value.length > rosterLimits.maxFieldChars) {
        fail(`The ${label} is longer than ${rosterLimits.maxFieldChars} characters.`);
        if ('known' in role) tooLong.add(role.known);
        return;
      }
      if ('attribute' in role) row.attributes[role.attribute] = value;
      else if (role.known === 'name') row.name = value;
      else if (role.known === 'email') row.email = value;
      else row.team = value || null;
    });
    if (tooLong.has('email')) {
      // Already said.
    } else if (!row.email) fail('No email: each learner is found or invited by their email.');
    else {
      const parsed = emailSchema.safeParse(row.email);
      if (parsed.success) row.email = parsed.data;
      else fail(`"${row.email}" is not a valid email address.`);
    }
    if (row.team !== null && !teamName.safeParse(row.team).success) fail('The team name is longer than 120 characters or holds control characters.');
    if (columns.team !== null && row.team === null) warn('No team given: a learner new to the course joins it without a team; one already in a team stays there.');
    return row;
  });

  markRepeats(rows);
  return { columns, notes, problems, rows, rowCount: data.length };
}

/** The key two spellings of one team share ("Team A", " team  a"). */
export function teamKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A learner named twice: in the same team (or none) the repeat is counted
 * once, a warning; in two teams both rows are errors, since a learner is in
 * one team and the file does not say which.
 */
function markRepeats(rows: RosterRow[]): void {
  const first = new Map<string, RosterRow>();
  for (const row of rows) {
    if (!row.email || row.status === 'error') continue;
    const earlier = first.get(row.email);
    if (!earlier) {
      first.set(row.email, row);
      continue;
    }
    const sameTeam = (earlier.team === null ? null : teamKey(earlier.team)) === (row.team === null ? null : teamKey(row.team));
    if (sameTeam) {
      row.repeat = true;
      if (row.status === 'ok') row.status = 'warning';
      row.messages.push(`Repeats line ${earlier.line} (the same email); it is counted once.`);
    } else {
      row.status = 'error';
      row.messages.push(`The same learner is on line ${earlier.line} in ${describeTeam(earlier.team)}: a learner is in one team.`);
      earlier.status = 'error';
      earlier.messages.push(`The same learner is on line ${row.line} in ${describeTeam(row.team)}: a learner is in one team.`);
    }
  }
}

function describeTeam(team: string | null): string {
  return team === null ? 'no team' : `team "${team}"`;
}
