import type { Kysely, Transaction } from 'kysely';
import { rubricDefinition } from '../../../shared/schemas/rubrics';
import type { AccessEvent, AccessEvents } from '../../access-events';
import type { Database } from '../../db/schema';
import type { Logger } from '../../logger';
import { newId } from '../../db/ids';
import { claimRun, finishRun } from '../mail/scheduled-runs';
import { type KnownVersion, makeReviews, type OpenStage } from './review-rooms';

const minute = 60_000;

/**
 * Opening an assignment's peer review stage: from then on its allocation
 * no longer changes, and each submitted copy's reviewing teams get their
 * reviews (review-rooms.ts). It opens when an instructor opens it, or by
 * itself at its opening time: each minute the stages whose time has come
 * are opened by the one instance that claims that minute's run, and
 * reading the stage's reviews opens it too when its time has come first.
 *
 * Opening is idempotent: each call takes the stage's row lock first and
 * makes only the reviews still missing, so a second call, another instance
 * or the schedule running after an instructor opened it makes nothing. A
 * team that submits after the opening gets its reviews made in its
 * submission's own transaction (`teamSubmitted`).
 */
export class ReviewOpening {
  readonly #instance = newId();
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly accessEvents: Pick<AccessEvents, 'publish'>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens what is due now (a server back from being down), then looks each minute until stopped. */
  start(): void {
    const tick = () => {
      this.#running ??= this.runDue(this.now())
        .catch((err) => this.logger.error({ err }, 'opening peer reviews failed'))
        .finally(() => (this.#running = null));
    };
    tick();
    this.#timer = setInterval(tick, minute);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /**
   * Opens every stage whose opening time is at or before `now` and that
   * has not opened, once per minute across instances: the instance whose
   * claim of the minute's run lands does it (a scheduled run, as the
   * digest's). Nothing due, nothing claimed: an idle minute writes nothing.
   * Resolves with how many stages this call opened.
   */
  async runDue(now: number): Promise<number> {
    const due = await this.db.selectFrom('peer_review_stages').select('assignment_id').where('opened_at', 'is', null).where('opens_at', '<=', now).execute();
    if (due.length === 0) return 0;
    const run = { name: 'peer-review-opening', at: Math.floor(now / minute) * minute };
    if (!(await claimRun(this.db, { ...run, instance: this.#instance }, now))) return 0;
    let opened = 0;
    for (const { assignment_id } of due) {
      try {
        await this.open(assignment_id);
        opened += 1;
      } catch (err) {
        this.logger.error({ err, assignmentId: assignment_id }, 'opening a peer review failed');
      }
    }
    await finishRun(this.db, run, this.now());
    return opened;
  }

  /** Opens the stage when its opening time has come (a reader of its reviews need not wait for the schedule). */
  async openIfDue(assignmentId: string): Promise<void> {
    const stage = await this.db.selectFrom('peer_review_stages').select(['opened_at', 'opens_at']).where('assignment_id', '=', assignmentId).executeTakeFirst();
    if (stage && stage.opened_at === null && stage.opens_at !== null && Number(stage.opens_at) <= this.now()) await this.open(assignmentId);
  }

  /**
   * Opens the stage (no check of the caller: the routes' and the
   * schedule's), marking it opened and making the reviews still missing;
   * resolves with how many this call made. Does nothing without a stage.
   */
  async open(assignmentId: string): Promise<number> {
    const at = this.now();
    const { made, events } = await this.db.transaction().execute(async (trx) => {
      if (!(await lockStage(trx, assignmentId))) return { made: 0, events: [] as AccessEvent[] };
      const stage = await readStage(trx, assignmentId);
      const before = await countReviews(trx, assignmentId);
      const events = await makeReviews(trx, stage, at);
      await trx.updateTable('peer_review_stages').set({ opened_at: at }).where('assignment_id', '=', assignmentId).where('opened_at', 'is', null).execute();
      return { made: (await countReviews(trx, assignmentId)) - before, events };
    });
    for (const event of events) this.accessEvents.publish(event);
    return made;
  }

  /**
   * A team's submission, inside its transaction: when the assignment's
   * stage has opened, the team's reviewers get the reviews they lack.
   * Before the opening nothing happens here; the opening makes them.
   */
  async teamSubmitted(trx: Transaction<Database>, submission: { assignmentId: string; teamId: string } & KnownVersion): Promise<void> {
    const opened = await trx
      .selectFrom('peer_review_stages')
      .select('opened_at')
      .where('assignment_id', '=', submission.assignmentId)
      .where('opened_at', 'is not', null)
      .executeTakeFirst();
    if (!opened) return;
    await lockStage(trx, submission.assignmentId);
    const stage = await readStage(trx, submission.assignmentId);
    // The new rooms are new groups: no open connection can hold access to them yet, so nothing needs announcing.
    await makeReviews(trx, stage, this.now(), { onlyTeam: submission.teamId, known: { versionId: submission.versionId, state: submission.state } });
  }
}

/**
 * Touches the stage's row: that takes its lock (PostgreSQL) or the
 * database's write lock (SQLite) for the rest of the transaction, so that a
 * second opener, or a submission racing the opening, waits and then finds
 * the reviews already made. False when the assignment has no stage.
 */
async function lockStage(trx: Transaction<Database>, assignmentId: string): Promise<boolean> {
  const touched = await trx.updateTable('peer_review_stages').set((eb) => ({ k: eb.ref('k') })).where('assignment_id', '=', assignmentId).executeTakeFirst();
  return Number(touched.numUpdatedRows) > 0;
}

async function readStage(trx: Transaction<Database>, assignmentId: string): Promise<OpenStage> {
  const row = await trx
    .selectFrom('peer_review_stages')
    .innerJoin('assignments', 'assignments.id', 'peer_review_stages.assignment_id')
    .innerJoin('rubrics', 'rubrics.id', 'peer_review_stages.rubric_id')
    .select(['assignments.title', 'assignments.course_id', 'peer_review_stages.created_by', 'peer_review_stages.anonymity', 'rubrics.definition'])
    .where('peer_review_stages.assignment_id', '=', assignmentId)
    .executeTakeFirstOrThrow();
  return {
    assignmentId,
    assignmentTitle: row.title,
    courseId: row.course_id,
    createdBy: row.created_by,
    anonymity: row.anonymity,
    criteria: rubricDefinition.parse(JSON.parse(row.definition)).criteria.length,
  };
}

async function countReviews(trx: Transaction<Database>, assignmentId: string): Promise<number> {
  const row = await trx.selectFrom('peer_reviews').select((eb) => eb.fn.countAll<number>().as('n')).where('assignment_id', '=', assignmentId).executeTakeFirstOrThrow();
  return Number(row.n);
}
