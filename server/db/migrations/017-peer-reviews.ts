import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Peer review between teams, its second part: the reviews themselves.
 *
 * When an assignment's review stage opens, each allocation whose reviewed
 * team has submitted becomes a review: a room (a group of its own, never a
 * team: `parent_id` stays null) holding a copy of the submitted version, in
 * which the reviewing team reads and gives inline feedback and the reviewed
 * team reads and answers it, neither changing the text (both are the
 * room's `reviewer`s; the course's instructors are its instructors).
 *
 * Anonymity is one rule for every place a name is shown: within a group, a
 * member with an `alias` is known by it ("Reviewer 1", "Author 1") to
 * everyone but the group's instructors. Readers of names resolve them
 * through the membership of the group the thing belongs to.
 *
 * The rubric answers are JSON, read and written whole; the review is
 * submitted once and then never changes; the reviewed team rates its
 * helpfulness once it is submitted.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  const time = 'bigint' as const;

  await db.schema.alterTable('memberships').addColumn('alias', 'text').execute();

  // 'reviewers': reviewers are hidden from authors; 'both': authors from reviewers too; 'none'.
  await db.schema.alterTable('peer_review_stages').addColumn('anonymity', 'text', (c) => c.notNull().defaultTo('reviewers')).execute();
  // Reviews are submitted before it; null: no due time.
  await db.schema.alterTable('peer_review_stages').addColumn('due_at', time).execute();
  // When it opens by itself; null: when an instructor opens it.
  await db.schema.alterTable('peer_review_stages').addColumn('opens_at', time).execute();
  // When it opened: from then on the allocation no longer changes.
  await db.schema.alterTable('peer_review_stages').addColumn('opened_at', time).execute();

  await db.schema
    .createTable('peer_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('peer_review_stages.assignment_id').onDelete('cascade'))
    .addColumn('reviewee_team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('reviewer_team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('reviewer_index', 'integer', (c) => c.notNull())
    // The reviewer's "Submission N" for the reviewed team's work: fixed when the review is made.
    .addColumn('submission_index', 'integer', (c) => c.notNull())
    // The submitted version the room's copy was made from.
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull().references('groups.id'))
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id'))
    // JSON: [{level: number | null, comment: string}] in the rubric's criterion order.
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('overall_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_at', time)
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    // The reviewed team's rating of how helpful it was, 1 to 5, and a note.
    .addColumn('helpfulness', 'integer')
    .addColumn('helpfulness_note', 'text')
    .addColumn('helpfulness_by', 'text', (c) => c.references('users.id'))
    .addColumn('helpfulness_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('peer_reviews_pair', ['assignment_id', 'reviewee_team_id', 'reviewer_team_id'])
    .execute();
  await db.schema.createIndex('peer_reviews_reviewer').on('peer_reviews').columns(['assignment_id', 'reviewer_team_id']).execute();
  await db.schema.createIndex('peer_reviews_room').on('peer_reviews').column('room_id').unique().execute();
  await db.schema.createIndex('peer_reviews_doc').on('peer_reviews').column('doc_id').execute();
}
