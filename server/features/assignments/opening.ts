import type { Kysely, Transaction } from 'kysely';
import type { Store } from '../../db/database';
import { newId } from '../../db/ids';
import type { AssignmentRow, Database } from '../../db/schema';
import type { Logger } from '../../logger';
import { maxClientId } from '../../sync/protocol';
import type { SyncServer } from '../../sync/sync-server';
import type { DocHistory } from '../versions/history';

/** Rows per insert statement (SQLite binds at most 32766 variables; six columns a row leaves room). */
const rowsPerInsert = 500;

/**
 * Opening an assignment: once its opening time has come, each team of its
 * course gets its own project and document in the team's group, started
 * from the template, exactly once per team.
 *
 * Once means once even when two instances open the same assignment at the
 * same moment: the copies are written in one transaction that first takes
 * the assignment's row lock (PostgreSQL; SQLite's one write lock), reads which
 * teams still lack a copy, and inserts their `assignment_teams` rows, whose
 * key is the (assignment, team) pair, with the projects and documents they
 * point at. The transaction that comes second finds the copies there and
 * makes nothing; were the lock ever bypassed, the key would refuse the
 * second copy and roll its whole transaction back, documents and all.
 *
 * The template's text is written straight into each new copy's update log
 * in that same transaction, as the assignment's creator's (one row, its
 * Yjs client id claimed for them), rather than through sixty rooms: a copy
 * is a new, empty document that no room holds yet, so its first load reads
 * the row like any other.
 *
 * It runs when the assignment is created already open, on a timer sweep
 * (every `sweepMs`), when an assignment is read, and for a team made later
 * (Teams' created hook).
 */
export class Opening {
  #timer: ReturnType<typeof setInterval> | undefined;
  #sweeping: Promise<void> | null = null;
  /** Openings under way in this instance, by assignment, so that callers at the same moment share one. */
  readonly #running = new Map<string, Promise<number>>();

  constructor(
    private readonly store: Pick<Store, 'db' | 'kind'>,
    private readonly history: DocHistory,
    private readonly sync: Pick<SyncServer, 'committed'>,
    private readonly options: { sweepMs: number; logger: Logger },
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      if (!this.#sweeping) {
        this.#sweeping = this.sweep()
          .catch((err) => this.options.logger.warn({ err }, 'assignment opening sweep failed'))
          .finally(() => (this.#sweeping = null));
      }
    }, this.options.sweepMs);
    this.#timer.unref();
  }

  /**
   * Loads the editor's schema and the Markdown parser now when an assignment
   * is waiting to open, so that its opening does not wait for them (about
   * 0.3 s); the running server asks right after it starts listening. A
   * server with none leaves them until first needed: they hold about 13 MB.
   * Answers whether it loaded them.
   */
  async prepare(): Promise<boolean> {
    const waiting = await this.store.db.selectFrom('assignments').select('id').where('opened_at', 'is', null).limit(1).executeTakeFirst();
    if (!waiting) return false;
    await import('./template');
    return true;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
    await Promise.allSettled(this.#running.values());
  }

  /** Opens every assignment whose opening time has come and that has not opened yet. */
  async sweep(): Promise<void> {
    const due = await this.store.db
      .selectFrom('assignments')
      .select('id')
      .where('opened_at', 'is', null)
      .where('opens_at', '<=', this.now())
      .execute();
    for (const { id } of due) await this.open(id);
  }

  /**
   * Gives a team made later in `courseId` its copy of each of the course's
   * assignments that is open. The team exists by then whatever happens
   * here: a failure is logged, and the next reading of the assignment makes
   * the missing copy.
   */
  async teamCreated(courseId: string): Promise<void> {
    try {
      const open = await this.store.db
        .selectFrom('assignments')
        .select('id')
        .where('course_id', '=', courseId)
        .where('opens_at', '<=', this.now())
        .execute();
      for (const { id } of open) await this.open(id);
    } catch (err) {
      this.options.logger.warn({ err, courseId }, 'copies for a new team failed; reading the assignment makes them');
    }
  }

  /**
   * Makes the copies the assignment's teams lack, once it is open; resolves
   * with how many this call made (0 when another instance or call did).
   */
  open(assignmentId: string): Promise<number> {
    const running = this.#running.get(assignmentId);
    if (running) return running;
    const opening = this.#open(assignmentId).finally(() => this.#running.delete(assignmentId));
    this.#running.set(assignmentId, opening);
    return opening;
  }

  async #open(assignmentId: string): Promise<number> {
    const assignment = await this.store.db.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
    if (!assignment || Number(assignment.opens_at) > this.now()) return 0;
    const lacking = await teamsWithoutCopy(this.store.db, assignment);
    if (lacking.length === 0) {
      if (assignment.opened_at === null) await this.#markOpened(this.store.db, assignmentId);
      return 0;
    }
    // The template is read once, outside the transaction, for every copy.
    const first = await this.#firstUpdate(assignment);
    return this.store.db.transaction().execute(async (trx) => {
      // Touching the assignment's row first takes its lock (PostgreSQL) or
      // the database's write lock (SQLite) before anything is read, so a
      // second opener waits here and then finds the copies made.
      await trx.updateTable('assignments').set((eb) => ({ revision: eb.ref('revision') })).where('id', '=', assignmentId).execute();
      const teams = await teamsWithoutCopy(trx, assignment);
      await this.#writeCopies(trx, assignment, teams, first);
      await this.#markOpened(trx, assignmentId);
      return teams.length;
    });
  }

  async #markOpened(db: Kysely<Database>, assignmentId: string): Promise<void> {
    await db.updateTable('assignments').set({ opened_at: this.now() }).where('id', '=', assignmentId).where('opened_at', 'is', null).execute();
  }

  /** The one update every copy starts with (its text under one Yjs client id), or null for no template. */
  async #firstUpdate(assignment: AssignmentRow): Promise<{ data: Uint8Array; clientId: number } | null> {
    if (assignment.template_markdown === null && assignment.template_doc_id === null) return null;
    // The editor's schema and the Markdown parser load when first needed (or prepared), not before the server listens.
    const { documentContent, initialUpdate, isEmptyContent, markdownTemplate } = await import('./template');
    let content;
    if (assignment.template_markdown !== null) {
      content = markdownTemplate(assignment.template_markdown);
    } else {
      const docId = assignment.template_doc_id!;
      await this.sync.committed(docId);
      const doc = await this.history.build(docId, await this.history.latestUpdateId(docId), { gc: true });
      try {
        content = documentContent(doc);
      } finally {
        doc.destroy();
      }
    }
    if (isEmptyContent(content)) return null;
    const clientId = 1 + Math.floor(Math.random() * (maxClientId - 1));
    return { data: initialUpdate(content, clientId), clientId };
  }

  async #writeCopies(
    trx: Transaction<Database>,
    assignment: AssignmentRow,
    teams: readonly string[],
    first: { data: Uint8Array; clientId: number } | null,
  ): Promise<void> {
    const at = this.now();
    const by = assignment.created_by;
    const copies = teams.map((teamId) => ({ teamId, projectId: newId(), docId: newId() }));
    for (let start = 0; start < copies.length; start += rowsPerInsert) {
      const chunk = copies.slice(start, start + rowsPerInsert);
      await trx
        .insertInto('projects')
        .values(chunk.map((copy) => ({ id: copy.projectId, group_id: copy.teamId, name: assignment.title, created_by: by, created_at: at })))
        .execute();
      await trx
        .insertInto('documents')
        .values(chunk.map((copy) => ({ id: copy.docId, project_id: copy.projectId, title: assignment.title, created_by: by, created_at: at, updated_at: at })))
        .execute();
      if (first) {
        await trx
          .insertInto('doc_updates')
          .values(chunk.map((copy) => ({ doc_id: copy.docId, user_id: by, data: first.data, size: first.data.byteLength, created_at: at })))
          .execute();
        await trx
          .insertInto('doc_client_ids')
          .values(chunk.map((copy) => ({ doc_id: copy.docId, client_id: first.clientId, user_id: by, created_at: at })))
          .execute();
      }
      // No conflict clause: a second copy for a team is refused by the key, and this whole transaction with it.
      await trx
        .insertInto('assignment_teams')
        .values(
          chunk.map((copy) => ({
            assignment_id: assignment.id,
            team_id: copy.teamId,
            project_id: copy.projectId,
            doc_id: copy.docId,
            due_at: null,
            reopened_at: null,
            created_at: at,
          })),
        )
        .execute();
    }
  }
}

/** The teams of the assignment's course that have no copy of it yet (archived ones get theirs once restored). */
async function teamsWithoutCopy(db: Kysely<Database>, assignment: AssignmentRow): Promise<string[]> {
  const rows = await db
    .selectFrom('groups')
    .select('groups.id')
    .where('groups.parent_id', '=', assignment.course_id)
    .where('groups.archived_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('assignment_teams')
            .select('assignment_teams.team_id')
            .where('assignment_teams.assignment_id', '=', assignment.id)
            .whereRef('assignment_teams.team_id', '=', 'groups.id'),
        ),
      ),
    )
    .orderBy('groups.created_at')
    .orderBy('groups.id')
    .execute();
  return rows.map((row) => row.id);
}
