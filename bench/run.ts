import { benchFeed, type BenchResult, type BenchRow } from './feed';
import { benchHistory } from './history';
import { benchScaleOut } from './scale-out';

/**
 * `npm run bench`: every benchmark of the project, one after the other, as
 * one table of milliseconds.
 */
const all: Record<string, () => Promise<BenchResult>> = { feed: benchFeed, history: benchHistory, 'scale-out': benchScaleOut };
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (only !== undefined && !(only in all)) throw new Error(`No bench named ${only}: ${Object.keys(all).join(', ')}`);
const benches = only ? [all[only]!] : Object.values(all);

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
