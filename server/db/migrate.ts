import { type Kysely, type Migration, Migrator } from 'kysely';
import type { DatabaseKind, Store } from './database';
import * as initial from './migrations/001-initial';
import * as feedback from './migrations/002-feedback';
import * as history from './migrations/003-history';
import * as activity from './migrations/004-activity';
import * as scaleOut from './migrations/005-scale-out';
import * as emailInvites from './migrations/006-email-invites';
import * as courses from './migrations/007-courses';
import * as classView from './migrations/008-class-view';
import * as roster from './migrations/009-roster';
import * as waysIn from './migrations/010-ways-in';
import * as deepLinking from './migrations/011-deep-linking';
import * as grades from './migrations/012-grades';
import * as mail from './migrations/013-mail';
import * as digestMail from './migrations/014-digest-mail';
import * as teammateEvaluation from './migrations/015-teammate-evaluation';
import * as peerReview from './migrations/016-peer-review';
import * as peerReviews from './migrations/017-peer-reviews';
import * as teammateGrades from './migrations/018-teammate-grades';
import * as files from './migrations/019-files';
import * as inviteBars from './migrations/020-invite-bars';
import * as dataLifecycle from './migrations/021-data-lifecycle';
import * as historyStates from './migrations/022-history-states';

type Step = { up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> };

/** Migrations in order; a name once released never changes. */
const steps: Record<string, Step> = {
  '001-initial': initial,
  '002-feedback': feedback,
  '003-history': history,
  '004-activity': activity,
  '005-scale-out': scaleOut,
  '006-email-invites': emailInvites,
  '007-courses': courses,
  '008-class-view': classView,
  '009-roster': roster,
  '010-ways-in': waysIn,
  '011-deep-linking': deepLinking,
  '012-grades': grades,
  '013-mail': mail,
  '014-digest-mail': digestMail,
  '015-teammate-evaluation': teammateEvaluation,
  '016-peer-review': peerReview,
  '017-peer-reviews': peerReviews,
  '018-teammate-grades': teammateGrades,
  '019-files': files,
  '020-invite-bars': inviteBars,
  '021-data-lifecycle': dataLifecycle,
  '022-history-states': historyStates,
};

/** Brings the schema up to date; runs at every start and is a no-op when current. */
export async function migrate(store: Store): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(steps)) {
    migrations[name] = { up: (db) => step.up(db, store.kind) };
  }
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
}
