import type { Kysely } from 'kysely';
import type { FeedbackCounts } from '../../../shared/schemas/history';
import type { Database } from '../../db/schema';
import { csvText } from '../contributions/csv';
import { emptyFeedback, feedbackByUser } from '../contributions/feedback';
import { clientOwners } from '../contributions/people';
import { presentContribution } from '../contributions/presenter';
import type { ClassTeamRecord } from './class-view';

/**
 * The whole class as CSV, one row per member of each team (a team without
 * members gets one row with the member left empty), for a spreadsheet or a
 * course platform. Figures are the member's in their team's copy:
 * characters of it that are theirs now (`surviving`), typed and deleted,
 * and feedback given and received there, counted as the contributions
 * report counts them (private feedback included: the reader is an
 * instructor). Cells are escaped as the contributions report's are,
 * formula guard included.
 */
const header = ['team', 'member', 'email', 'status', 'surviving', 'share', 'inserted', 'deleted', 'feedback given', 'feedback received', 'submitted at'];

export function classReportCsv(teams: readonly ClassTeamRecord[], feedback: ReadonlyMap<string, ReadonlyMap<string, FeedbackCounts>>): string {
  const lines: (string | number)[][] = [header];
  for (const team of teams) {
    const submittedAt = team.submittedAt === null ? '' : new Date(team.submittedAt).toISOString();
    if (team.members.length === 0) lines.push([team.team.name, '', '', team.status, '', '', '', '', '', '', submittedAt]);
    for (const member of team.members) {
      const counts = (team.docId === null ? undefined : feedback.get(team.docId)?.get(member.userId)) ?? emptyFeedback();
      const { feedbackGiven, feedbackReceived } = presentContribution({ userId: member.userId, totals: null, surviving: member.surviving, feedback: counts });
      lines.push([
        team.team.name,
        member.name,
        member.email,
        team.status,
        member.surviving,
        member.share === null ? '' : member.share.toFixed(3),
        member.inserted,
        member.deleted,
        feedbackGiven,
        feedbackReceived,
        submittedAt,
      ]);
    }
  }
  return csvText(lines);
}

/** Feedback counts per document and user, for every copy of the class. */
export async function classFeedback(db: Kysely<Database>, docIds: readonly string[]): Promise<Map<string, Map<string, FeedbackCounts>>> {
  const counts = new Map<string, Map<string, FeedbackCounts>>();
  for (const docId of docIds) counts.set(docId, await feedbackByUser(db, docId, await clientOwners(db, docId), true));
  return counts;
}
