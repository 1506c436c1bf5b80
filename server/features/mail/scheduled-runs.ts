import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * Claims one run of a scheduled job ("digest" at 09:00 UTC of a day): the
 * instance whose insert lands runs it, every other one is told no. The row
 * stays, so a restart in the same hour does not run it again either.
 */
export async function claimRun(db: Kysely<Database>, run: { name: string; at: number; instance: string }, now: number): Promise<boolean> {
  const result = await db
    .insertInto('scheduled_runs')
    .values({ name: run.name, run_at: run.at, instance: run.instance, started_at: now, finished_at: null })
    .onConflict((conflict) => conflict.columns(['name', 'run_at']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Marks a claimed run done, for the record (a run that never finishes shows who claimed it and when). */
export async function finishRun(db: Kysely<Database>, run: { name: string; at: number }, now: number): Promise<void> {
  await db.updateTable('scheduled_runs').set({ finished_at: now }).where('name', '=', run.name).where('run_at', '=', run.at).execute();
}
