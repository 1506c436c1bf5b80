import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Courses, teams and assignments.
 *
 * A course is a group; a team is a group inside it (`parent_id`). The
 * course's instructors are instructors of each team through membership rows
 * marked `inherited_from` (the course's id), written whenever a team or a
 * course instructor comes or goes, so every check of a role stays one row.
 *
 * An assignment is set in a course; each team gets its copy (one row of
 * `assignment_teams`, made once: the key is the pair), with its own due
 * time when extended and a lift of the lock when reopened. A team's
 * submission is a locked version of its copy, one per team (resubmitting
 * replaces it).
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  const time = 'bigint' as const;

  await db.schema.alterTable('groups').addColumn('parent_id', 'text', (c) => c.references('groups.id')).execute();
  await db.schema.createIndex('groups_parent').on('groups').column('parent_id').execute();
  // A course's cap on team size for self-sign-up; null: learners cannot pick a team themselves.
  await db.schema.alterTable('groups').addColumn('self_signup_max', 'integer').execute();
  await db.schema.alterTable('memberships').addColumn('inherited_from', 'text', (c) => c.references('groups.id').onDelete('cascade')).execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('template_markdown', 'text')
    .addColumn('template_doc_id', 'text', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('opens_at', time, (c) => c.notNull())
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('lock_at_due', 'integer', (c) => c.notNull())
    // Whether every team's copy exists (the opening ran to the end).
    .addColumn('opened_at', time)
    // Bumped by every edit, so that two instructors editing at once cannot overwrite each other unseen.
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_course').on('assignments').columns(['course_id', 'due_at']).execute();

  await db.schema
    .createTable('assignment_teams')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id'))
    // This team's due time when extended; null: the assignment's.
    .addColumn('due_at', time)
    // When an instructor reopened this team's locked copy; null: the lock holds.
    .addColumn('reopened_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('assignment_teams_pk', ['assignment_id', 'team_id'])
    .execute();
  await db.schema.createIndex('assignment_teams_doc').on('assignment_teams').column('doc_id').unique().execute();
  await db.schema.createIndex('assignment_teams_team').on('assignment_teams').column('team_id').execute();

  await db.schema
    .createTable('submissions')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('submissions_pk', ['assignment_id', 'team_id'])
    .execute();
}
