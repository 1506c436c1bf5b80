import type { Kysely, Transaction } from 'kysely';
import * as Y from 'yjs';
import { newId } from '../../db/ids';
import type { AssignmentRow, Database } from '../../db/schema';
import { conflict } from '../../errors';
import type { SyncServer } from '../../sync/sync-server';
import { recordEvent } from '../activity/event-log';
import type { DocHistory } from '../versions/history';
import { copyTermsOfDoc, teamDue } from './due-times';

/** A team's submission as stored, with who made it. */
export interface SubmissionRecord {
  assignmentId: string;
  teamId: string;
  versionId: string;
  submitter: { id: string; email: string; name: string };
  submittedAt: number;
  late: boolean;
}

/**
 * Work that commits with a submission, in its transaction: a peer review
 * stage already open gives the submitted version to its reviewers then.
 */
export type SubmissionHook = (trx: Transaction<Database>, submission: { assignmentId: string; teamId: string; versionId: string; state: Uint8Array }) => Promise<void>;

/**
 * Submitting: a member of a team hands in the team's copy as it is at that
 * moment (whatever its open editors hold is stored first). The submission
 * is a named, locked version of the copy (neither renamed nor deleted), so
 * the copy's history shows it to everyone who reads the copy, and the feed
 * tells of it like any named version. Resubmitting makes a new version and
 * points the team's submission at it; the older one stays in the history.
 *
 * After the team's due time: refused while the copy is locked (409; an
 * instructor's extension or reopening lifts that), accepted and marked late
 * otherwise. Only members submit: an instructor, in every team, does not
 * hand in a team's work for it (the class view shows who has not).
 */
export class Submissions {
  readonly #hooks: SubmissionHook[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    private readonly sync: Pick<SyncServer, 'committed'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds work done in each submission's transaction. */
  onSubmitted(hook: SubmissionHook): void {
    this.#hooks.push(hook);
  }

  /** Submits `docId`, the copy of `teamId`, for `user`. */
  async submit(assignment: AssignmentRow, teamId: string, docId: string, user: { id: string; email: string; name: string }): Promise<SubmissionRecord> {
    const terms = await copyTermsOfDoc(this.db, docId);
    if (!terms) throw conflict('This document is not a copy of the assignment.');
    const at = this.now();
    const due = teamDue(terms, at);
    if (due.locked) {
      throw conflict(`Your team’s copy locked at its due time (${new Date(due.dueAt).toISOString()}): it can no longer be submitted. Ask an instructor for an extension.`);
    }
    const late = at >= due.dueAt;

    await this.sync.committed(docId);
    const lastUpdateId = await this.history.latestUpdateId(docId);
    const doc = await this.history.build(docId, lastUpdateId, { gc: true });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();

    const versionId = newId();
    const name = late ? `Submitted late by ${user.name}` : `Submitted by ${user.name}`;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('doc_versions')
        .values({ id: versionId, doc_id: docId, kind: 'named', name, created_by: user.id, created_at: at, last_update_id: lastUpdateId, locked: 1, state, session_end: null })
        .execute();
      await trx
        .insertInto('submissions')
        .values({ assignment_id: assignment.id, team_id: teamId, version_id: versionId, submitted_by: user.id, submitted_at: at })
        .onConflict((oc) => oc.columns(['assignment_id', 'team_id']).doUpdateSet({ version_id: versionId, submitted_by: user.id, submitted_at: at }))
        .execute();
      await recordEvent(trx, { type: 'version-named', docId, actorId: user.id, payload: { versionId, name }, at });
      for (const hook of this.#hooks) await hook(trx, { assignmentId: assignment.id, teamId, versionId, state });
    });
    return { assignmentId: assignment.id, teamId, versionId, submitter: user, submittedAt: at, late };
  }
}
