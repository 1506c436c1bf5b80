import { benchFeed, type BenchResult, type BenchRow } from './feed';
import { benchHistory } from './history';

/**
 * `npm run bench`: every benchmark of the project, one after the other, as
 * one table of milliseconds.
 */
const benches: (() => Promise<BenchResult>)[] = process.argv.includes('--only=feed')
  ? [benchFeed]
  : process.argv.includes('--only=history')
    ? [benchHistory]
    : [benchFeed, benchHistory];

const rows: BenchRow[] = [];
const notes: string[] = [];
for (const bench of benches) {
  const result = await bench();
  rows.push(...result.rows);
  notes.push(...result.notes);
}

const columns = ['bench', 'scenario', 'requests', 'p50', 'p95', 'max'] as const;
const headers = { bench: 'bench', scenario: 'scenario', requests: 'requests', p50: 'p50 ms', p95: 'p95 ms', max: 'max ms' };
const cells = [headers, ...rows].map((row) => columns.map((column) => String(row[column])));
const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
const line = (values: string[]) => values.map((value, i) => (i < 2 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join('  ');
console.log(line(cells[0]!));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const values of cells.slice(1)) console.log(line(values));
if (notes.length > 0) console.log(['', ...notes].join('\n'));
