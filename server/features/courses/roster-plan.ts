import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import { teamKey, type RosterReading } from '../../../shared/roster-rows';
import { courseLimits } from '../../../shared/schemas/courses';
import type { RosterReport, RosterRowReport, RosterTeam } from '../../../shared/schemas/roster';
import type { Database } from '../../db/schema';
import { learnerPlaces } from './team-members';

/**
 * What importing a roster would do, worked out from the file's reading and
 * what storage holds now (accounts, the course's members, its teams): the
 * report shown to the instructor, and the steps that apply it. Reading only;
 * applying it is roster.ts, which works the plan out again inside its
 * transaction so that it applies what holds at that moment.
 */
export interface RosterPlan {
  report: RosterReport;
  /** Accounts joining the course as learners. */
  joins: string[];
  /** Addresses without an account, invited to the course. */
  invites: string[];
  /** Teams to make, by key, with the name as first spelled. */
  newTeams: Map<string, string>;
  /** Existing teams of the course, by key. */
  teamIds: Map<string, string>;
  /** Learners with an account to put in a team (by key): joining, or moving. */
  placements: { userId: string; team: string }[];
  /** What the course keeps of each row: its other columns, and the team an invited address joins at sign-up. */
  entries: { email: string; attributes: Record<string, string>; pendingTeam: string | null }[];
}

interface Account {
  id: string;
  email: string;
  name: string;
}

const chunk = 500;

/** Runs `query` over `values` in chunks (an IN list of thousands is refused by some drivers). */
async function inChunks<T>(values: readonly string[], query: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += chunk) out.push(...(await query(values.slice(i, i + chunk))));
  return out;
}

export async function planRoster(db: Kysely<Database>, courseId: string, reading: RosterReading): Promise<RosterPlan> {
  const emails = [...new Set(reading.rows.filter((r) => r.status !== 'error').map((r) => r.email))];
  const accounts = new Map<string, Account>(
    (await inChunks(emails, (part) => db.selectFrom('users').select(['id', 'email', 'name']).where('email', 'in', part).execute())).map((u) => [u.email, u]),
  );
  const ids = [...accounts.values()].map((a) => a.id);
  const courseRoles = new Map<string, Role>(
    (
      await inChunks(ids, (part) =>
        db.selectFrom('memberships').select(['user_id', 'role']).where('group_id', '=', courseId).where('user_id', 'in', part).execute(),
      )
    ).map((m) => [m.user_id, m.role]),
  );
  const teams = await db.selectFrom('groups').select(['id', 'name']).where('parent_id', '=', courseId).orderBy('created_at').execute();
  const teamIds = new Map<string, string>();
  const teamNames = new Map<string, string>();
  for (const team of teams) {
    if (!teamIds.has(teamKey(team.name))) teamIds.set(teamKey(team.name), team.id);
    teamNames.set(team.id, team.name);
  }
  // Each learner's own team in the course now (a learner is a member of one).
  const currentTeam = new Map<string, string>(
    (
      await inChunks(ids, (part) =>
        learnerPlaces(db, courseId)
          .select(['memberships.user_id', 'memberships.group_id'])
          .where('memberships.user_id', 'in', part)
          .execute(),
      )
    ).map((m) => [m.user_id, m.group_id]),
  );

  const plan: RosterPlan = { report: emptyReport(reading), joins: [], invites: [], newTeams: new Map(), teamIds, placements: [], entries: [] };
  const teamRows = new Map<string, number>();
  const rows = plan.report.rows;
  for (const row of reading.rows) {
    const account = accounts.get(row.email) ?? null;
    const report: RosterRowReport = {
      line: row.line,
      name: row.name,
      email: row.email,
      team: row.team,
      status: row.status,
      action: 'skip',
      user: account,
      messages: [...row.messages],
    };
    rows.push(report);
    if (row.status === 'error' || row.repeat) continue;
    const warn = (message: string) => {
      report.status = 'warning';
      report.messages.push(message);
    };
    const key = row.team === null ? null : teamKey(row.team);
    const target = key === null ? null : (teamIds.get(key) ?? null);
    const targetName = key === null ? null : target ? teamNames.get(target)! : (plan.newTeams.get(key) ?? row.team!);
    const role = account ? (courseRoles.get(account.id) ?? null) : null;
    if (account && role && role !== 'member') {
      warn(`${account.name} is ${role === 'instructor' ? 'an instructor' : 'a reviewer'} of the course; their role stays and they join no team.`);
      continue;
    }
    if (key !== null && !target && !plan.newTeams.has(key)) plan.newTeams.set(key, row.team!);
    if (key !== null) teamRows.set(key, (teamRows.get(key) ?? 0) + 1);
    plan.entries.push({ email: row.email, attributes: row.attributes, pendingTeam: account ? null : key });
    if (!account) {
      report.action = 'invite';
      plan.invites.push(row.email);
      report.messages.push(`No account has this email: it is invited, and joins the course${targetName ? ` and team "${targetName}"` : ''} at sign-up.`);
      continue;
    }
    if (!role) {
      report.action = 'add';
      plan.joins.push(account.id);
    } else report.action = 'already-member';
    const now = currentTeam.get(account.id) ?? null;
    if (key === null) {
      if (now) report.messages.push(`Stays in team "${teamNames.get(now)}".`);
      continue;
    }
    if (now && now === target) {
      report.messages.push(`Already in team "${targetName}".`);
      continue;
    }
    if (now) warn(`Moves from team "${teamNames.get(now)}" to team "${targetName}"; what they wrote stays theirs.`);
    plan.placements.push({ userId: account.id, team: key });
  }

  plan.report.teams = [...teamRows].map(([key, count]): RosterTeam => {
    const id = teamIds.get(key) ?? null;
    return { name: id ? teamNames.get(id)! : plan.newTeams.get(key)!, teamId: id, rows: count };
  });
  if (teams.length + plan.newTeams.size > courseLimits.maxTeams) {
    plan.report.problems.push({
      line: null,
      message: `The roster makes ${plan.newTeams.size} new teams; with the ${teams.length} the course has, that is more than the ${courseLimits.maxTeams} a course holds.`,
    });
  }
  const summary = plan.report.summary;
  summary.learnersAdded = plan.joins.length;
  summary.invited = plan.invites.length;
  summary.alreadyMembers = rows.filter((r) => r.action === 'already-member').length;
  summary.teamsCreated = plan.newTeams.size;
  summary.placed = plan.placements.length;
  summary.warnings = rows.filter((r) => r.status === 'warning').length;
  summary.errors = rows.filter((r) => r.status === 'error').length + plan.report.problems.length;
  plan.report.ready = summary.errors === 0 && reading.rows.length > 0;
  if (reading.rows.length === 0 && plan.report.problems.length === 0) {
    plan.report.problems.push({ line: null, message: 'The file names its columns but holds no learner.' });
    summary.errors += 1;
  }
  return plan;
}

function emptyReport(reading: RosterReading): RosterReport {
  return {
    applied: false,
    ready: false,
    columns: reading.columns,
    notes: reading.notes,
    problems: reading.problems,
    rows: [],
    teams: [],
    summary: { rows: reading.rowCount, learnersAdded: 0, alreadyMembers: 0, invited: 0, teamsCreated: 0, placed: 0, warnings: 0, errors: 0 },
  };
}
