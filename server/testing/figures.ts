import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Figures a reliability or security test measured (cases tried, memory before
 * and after, characters recovered...). They are printed, so CI logs carry
 * them, and written to `test-results/figures/<suite>.json`, from which the
 * README's reliability section is filled after a run.
 */
export type Figures = Record<string, number | string | boolean>;

const folder = fileURLToPath(new URL('../../test-results/figures', import.meta.url));

export function reportFigures(suite: string, figures: Figures): void {
  mkdirSync(folder, { recursive: true });
  const database = process.env.TEST_DATABASE_URL ? 'postgresql' : 'sqlite';
  writeFileSync(join(folder, `${suite}.${database}.json`), JSON.stringify({ suite, database, at: new Date().toISOString(), figures }, null, 2) + '\n');
  console.log(`[figures] ${suite} (${database}): ${JSON.stringify(figures)}`);
}

/** The middle of `values` (for an even count, the mean of the two middle ones): the figure reported for repeated runs. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
