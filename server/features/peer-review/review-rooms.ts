import type { Insertable, Transaction } from 'kysely';
import * as Y from 'yjs';
import type { AccessEvent } from '../../access-events';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';
import { maxClientId } from '../../sync/protocol';
import { matchCourseInstructors } from '../courses/course-instructors';
import { learnersOf } from '../courses/team-members';
import { sendReviewNotices } from './review-notices';
import { roomAlias } from './review-views';

/** Rows per insert: well under SQLite's limit on bound values. */
const rowsPerInsert = 200;

/** What a new review's row is made from; the rest starts blank (nothing written over the answers, submitted or rated). */
type NewReview = Pick<
  Insertable<Database['peer_reviews']>,
  'id' | 'assignment_id' | 'reviewee_team_id' | 'reviewer_team_id' | 'reviewer_index' | 'submission_index' | 'version_id' | 'room_id' | 'doc_id' | 'answers'
>;

/** A review's row as it is made at `at`. */
export function newReviewRow(review: NewReview, at: number): Insertable<Database['peer_reviews']> {
  return {
    ...review,
    overall_comment: '',
    updated_at: at,
    updated_by: null,
    submitted_at: null,
    submitted_by: null,
    helpfulness: null,
    helpfulness_note: null,
    helpfulness_by: null,
    helpfulness_at: null,
    created_at: at,
  };
}

/** What making reviews needs to know of the stage, read in the caller's transaction. */
export interface OpenStage {
  assignmentId: string;
  assignmentTitle: string;
  courseId: string;
  /** The instructor who made the stage: the rooms and their copies are theirs. */
  createdBy: string;
  anonymity: 'none' | 'reviewers' | 'both';
  criteria: number;
}

/** A submitted version's content, when the caller already holds it (a submission being made). */
export interface KnownVersion {
  versionId: string;
  state: Uint8Array;
}

/**
 * Makes the reviews of a stage that has opened, inside the caller's
 * transaction (which has taken the stage's row lock first, so that two
 * openers at once make each review once; the (assignment, reviewed team,
 * reviewing team) key refuses a second one besides).
 *
 * Each allocation whose reviewed team has submitted and that has no review
 * yet becomes one: a room (a group of its own, `parent_id` null so never a
 * team, named after the assignment and no team) with one project and one
 * document, a copy of the submitted version rebuilt by content (no history,
 * no Yjs client ids of the authors, as team copies are made from a
 * template); the reviewing team's learners as the room's reviewers, known
 * there as "Reviewer N" unless the stage names everyone; the course's
 * instructors as its instructors, following the course like a team's.
 *
 * A team that has not submitted gets no reviews: its reviewers have
 * nothing to review for it until it submits (then `onlyTeam` makes them).
 * A review is made once, from the version submitted when it is made; a
 * later resubmission does not change it.
 *
 * Returns the access changes to announce once the transaction commits.
 */
export async function makeReviews(
  trx: Transaction<Database>,
  stage: OpenStage,
  at: number,
  options: { onlyTeam?: string; known?: KnownVersion } = {},
): Promise<AccessEvent[]> {
  const allocations = await trx
    .selectFrom('peer_review_allocations as review')
    .innerJoin('assignment_teams as copy', (join) => join.onRef('copy.team_id', '=', 'review.reviewee_team_id').onRef('copy.assignment_id', '=', 'review.assignment_id'))
    .select(['review.reviewee_team_id', 'review.reviewer_team_id', 'review.reviewer_index', 'copy.doc_id'])
    .where('review.assignment_id', '=', stage.assignmentId)
    // The order a reviewing team's "Submission N" labels follow (allocation-views.ts): stable, and telling nothing of who wrote it.
    .orderBy('copy.doc_id')
    .execute();
  const submissionIndex = new Map<string, number>();
  const counted = new Map<string, number>();
  for (const row of allocations) {
    const n = (counted.get(row.reviewer_team_id) ?? 0) + 1;
    counted.set(row.reviewer_team_id, n);
    submissionIndex.set(pairKey(row.reviewee_team_id, row.reviewer_team_id), n);
  }

  const submissions = new Map(
    (await trx.selectFrom('submissions').select(['team_id', 'version_id']).where('assignment_id', '=', stage.assignmentId).execute()).map((row) => [row.team_id, row.version_id]),
  );
  const made = new Set(
    (await trx.selectFrom('peer_reviews').select(['reviewee_team_id', 'reviewer_team_id']).where('assignment_id', '=', stage.assignmentId).execute()).map((row) =>
      pairKey(row.reviewee_team_id, row.reviewer_team_id),
    ),
  );
  const wanted = allocations.filter(
    (row) =>
      submissions.has(row.reviewee_team_id) &&
      !made.has(pairKey(row.reviewee_team_id, row.reviewer_team_id)) &&
      (options.onlyTeam === undefined || row.reviewee_team_id === options.onlyTeam),
  );
  if (wanted.length === 0) return [];

  const firstUpdates = await firstUpdatesOf(trx, [...new Set(wanted.map((row) => submissions.get(row.reviewee_team_id)!))], options.known);
  const reviewerTeams = [...new Set(wanted.map((row) => row.reviewer_team_id))];
  const learners = await learnersOf(trx, reviewerTeams);
  const reviewersOf = (review: { row: { reviewer_team_id: string } }) => (learners.get(review.row.reviewer_team_id) ?? []).map((learner) => learner.id);

  const by = stage.createdBy;
  const reviews = wanted.map((row) => ({
    row,
    id: newId(),
    roomId: newId(),
    projectId: newId(),
    docId: newId(),
    versionId: submissions.get(row.reviewee_team_id)!,
    submissionIndex: submissionIndex.get(pairKey(row.reviewee_team_id, row.reviewer_team_id))!,
  }));
  const emptyAnswers = JSON.stringify(Array.from({ length: stage.criteria }, () => ({ level: null, comment: '' })));
  const events: AccessEvent[] = [];
  for (let start = 0; start < reviews.length; start += rowsPerInsert) {
    const chunk = reviews.slice(start, start + rowsPerInsert);
    await trx
      .insertInto('groups')
      .values(chunk.map((review) => ({ id: review.roomId, name: `Peer review: ${stage.assignmentTitle}`, created_by: by, created_at: at, parent_id: null, self_signup_max: null })))
      .execute();
    await trx
      .insertInto('projects')
      .values(chunk.map((review) => ({ id: review.projectId, group_id: review.roomId, name: stage.assignmentTitle, created_by: by, created_at: at })))
      .execute();
    await trx
      .insertInto('documents')
      .values(chunk.map((review) => ({ id: review.docId, project_id: review.projectId, title: stage.assignmentTitle, created_by: by, created_at: at, updated_at: at })))
      .execute();
    const withText = chunk.flatMap((review) => {
      const first = firstUpdates.get(review.versionId);
      return first ? [{ review, first }] : [];
    });
    if (withText.length > 0) {
      await trx
        .insertInto('doc_updates')
        .values(withText.map(({ review, first }) => ({ doc_id: review.docId, user_id: by, data: first.data, size: first.data.byteLength, created_at: at })))
        .execute();
      await trx
        .insertInto('doc_client_ids')
        .values(withText.map(({ review, first }) => ({ doc_id: review.docId, client_id: first.clientId, user_id: by, created_at: at })))
        .execute();
    }
    const members = chunk.flatMap((review) =>
      reviewersOf(review).map((userId) => ({
        group_id: review.roomId,
        user_id: userId,
        role: 'reviewer' as const,
        created_at: at,
        inherited_from: null,
        alias: roomAlias('reviewer', stage.anonymity, Number(review.row.reviewer_index)),
      })),
    );
    if (members.length > 0) await trx.insertInto('memberships').values(members).execute();
    for (const member of members) events.push({ type: 'membership-changed', groupId: member.group_id, userId: member.user_id, role: 'reviewer' });
    // No conflict clause: a second review of a pair is refused by the key, and this whole transaction with it.
    await trx
      .insertInto('peer_reviews')
      .values(
        chunk.map((review) =>
          newReviewRow(
            {
              id: review.id,
              assignment_id: stage.assignmentId,
              reviewee_team_id: review.row.reviewee_team_id,
              reviewer_team_id: review.row.reviewer_team_id,
              reviewer_index: Number(review.row.reviewer_index),
              submission_index: review.submissionIndex,
              version_id: review.versionId,
              room_id: review.roomId,
              doc_id: review.docId,
              answers: emptyAnswers,
            },
            at,
          ),
        ),
      )
      .execute();
    await sendReviewNotices(
      trx,
      chunk.map((review) => ({
        cause: 'review-to-write',
        reviewId: review.id,
        readers: reviewersOf(review),
        text: `Your team has a peer review to write in “${stage.assignmentTitle}”: Submission ${review.submissionIndex}.`,
      })),
      at,
    );
  }
  events.push(...(await matchCourseInstructors(trx, stage.courseId, reviews.map((review) => review.roomId), at)));
  return events;
}

/**
 * The one update each submitted version's copies start with: its content
 * rebuilt into a fresh document under one new Yjs client id (client ids
 * need only be unique within a document, so every copy of a version shares
 * it); no entry for an empty version.
 */
async function firstUpdatesOf(trx: Transaction<Database>, versionIds: string[], known?: KnownVersion): Promise<Map<string, { data: Uint8Array; clientId: number }>> {
  // The editor's schema loads when first needed, as for assignments' templates.
  const { documentContent, initialUpdate, isEmptyContent } = await import('../assignments/template');
  const stored = await trx.selectFrom('doc_versions').select(['id', 'state']).where('id', 'in', versionIds).execute();
  const states = new Map(stored.map((row) => [row.id, row.state]));
  if (known) states.set(known.versionId, known.state);
  const updates = new Map<string, { data: Uint8Array; clientId: number }>();
  for (const versionId of versionIds) {
    const state = states.get(versionId);
    // A submission's version keeps its state from the moment it is made.
    if (!state) throw new Error(`The submitted version ${versionId} has no stored state to copy.`);
    const doc = new Y.Doc();
    let content;
    try {
      Y.applyUpdate(doc, state);
      content = documentContent(doc);
    } finally {
      doc.destroy();
    }
    if (isEmptyContent(content)) continue;
    const clientId = 1 + Math.floor(Math.random() * (maxClientId - 1));
    updates.set(versionId, { data: initialUpdate(content, clientId), clientId });
  }
  return updates;
}

function pairKey(revieweeTeamId: string, reviewerTeamId: string): string {
  return `${revieweeTeamId} ${reviewerTeamId}`;
}
