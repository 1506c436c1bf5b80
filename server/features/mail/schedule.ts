import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Logger } from '../../logger';
import { claimRun, finishRun } from './scheduled-runs';

/** Work done at the times of a cron pattern (in UTC): the digest and the reminders, each hour at minute 0. */
export interface ScheduledJob {
  name: string;
  /** A five-field cron pattern, read in UTC ("0 * * * *": every hour at minute 0). */
  pattern: string;
  /** Does the run of time `at` (the scheduled time), at the real time `now`. */
  run(at: number, now: number): Promise<void>;
}

/**
 * Runs scheduled jobs, once per scheduled time across every instance
 * sharing the database: each run is claimed with a row keyed by the job's
 * name and time (scheduled-runs.ts), and only the instance whose claim
 * lands does it.
 *
 * `runDue(now)` is the one step: for each job, the latest scheduled time at
 * or before `now`, if nobody claimed it yet. Only the latest: a server that
 * was down for three hours does one run when it is back, not three. What a
 * missed run owed is then the job's to make up in that run: the digest mails
 * a member whose digest time was missed in the last hours (digest-mail.ts),
 * and reminders go by what is due from now on, whatever ran before
 * (reminders/). A run that fails is logged and not retried at the same
 * time; the next one makes up for it in the same way.
 *
 * Once started, it runs once at once (a server back from being down makes
 * up for it without waiting an hour) and then at each next scheduled time.
 * Tests call `runDue` themselves with the time of their clock.
 */
export class Schedule {
  readonly #jobs: ScheduledJob[] = [];
  readonly #crons = new Map<string, Cron>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { instance: string; logger: Logger },
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds jobs, before `start`. */
  add(...jobs: ScheduledJob[]): void {
    for (const job of jobs) {
      this.#jobs.push(job);
      this.#crons.set(job.name, new Cron(job.pattern, { paused: true, timezone: 'UTC' }));
    }
  }

  /** The latest scheduled time of `job` at or before `at`. */
  latestTime(job: ScheduledJob, at: number): number | null {
    // previousRuns is strictly before its reference: one millisecond on makes `at` itself count.
    const [previous] = this.#cron(job).previousRuns(1, new Date(at + 1));
    return previous ? previous.getTime() : null;
  }

  /** Does each job's latest run at or before `now` that no instance has claimed; returns the runs this call did. */
  async runDue(now: number): Promise<{ name: string; at: number }[]> {
    const done: { name: string; at: number }[] = [];
    for (const job of this.#jobs) {
      const at = this.latestTime(job, now);
      if (at === null) continue;
      if (!(await claimRun(this.db, { name: job.name, at, instance: this.options.instance }, now))) continue;
      try {
        await job.run(at, now);
        await finishRun(this.db, { name: job.name, at }, now);
        done.push({ name: job.name, at });
      } catch (err) {
        this.options.logger.error({ err, job: job.name, at: new Date(at).toISOString() }, 'scheduled run failed');
      }
    }
    return done;
  }

  /** Runs what is due now, then at each next scheduled time until stopped. */
  start(): void {
    this.#stopped = false;
    this.#tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #tick(): void {
    if (this.#stopped) return;
    this.#running = this.runDue(this.now())
      .then(() => undefined)
      .catch((err) => this.options.logger.error({ err }, 'scheduled runs failed'))
      .finally(() => this.#plan());
  }

  #plan(): void {
    if (this.#stopped) return;
    const now = this.now();
    const next = Math.min(...this.#jobs.map((job) => this.#cron(job).nextRun(new Date(now))?.getTime() ?? Infinity));
    if (!Number.isFinite(next)) return;
    // A second late rather than early: a timer may fire a little before its time.
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, next - now) + 1000);
    this.#timer.unref();
  }

  #cron(job: ScheduledJob): Cron {
    return this.#crons.get(job.name)!;
  }
}
