import { benchClassView } from './class-view';
import { benchFeed, type BenchResult, type BenchRow } from './feed';
import { benchHistory } from './history';
import { benchScaleOut } from './scale-out';
import { scenarios } from './scenarios';
import { formatTable, keepResults, runFailed, runSideBySide } from './side-by-side';

/**
 * `npm run bench`: every benchmark of the project. First the side-by-side
 * scenarios against the reference servers (3 repeats; the results
 * go to bench/results/<date>.json and the table of bench/README.md), then
 * the project's own benches as one table of milliseconds (the class view's
 * also kept in bench/results/<date>-class-view.json).
 *
 *   --quick       the side-by-side scenarios once each, small and short (what CI runs); nothing is kept,
 *                 and the project's own benches, which have no quick mode, are skipped
 *   --only=<id>   one side-by-side scenario or one bench
 *   --repeats=<n> repeats of each side-by-side scenario (default 3; 1 in quick mode)
 */
const benches: Record<string, () => Promise<BenchResult>> = { feed: benchFeed, history: benchHistory, 'scale-out': benchScaleOut, 'class-view': benchClassView };

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = process.argv.includes('--quick');
const only = argument('only');
const repeats = Number(argument('repeats') ?? (quick ? 1 : 3));
const ids = [...scenarios.map((scenario) => scenario.id), ...Object.keys(benches)];
if (only !== undefined && !ids.includes(only)) throw new Error(`No scenario or bench named ${only}: ${ids.join(', ')}`);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--repeats takes a positive whole number');

const chosenScenarios = scenarios.filter((scenario) => only === undefined || scenario.id === only);
const chosenBenches = Object.entries(benches).filter(([id]) => (only === undefined ? !quick : id === only));

if (chosenScenarios.length > 0) {
  const report = await runSideBySide(chosenScenarios, { quick, repeats, log: (line) => console.log(`[side-by-side] ${line}`) });
  console.log(`\n${formatTable(report)}\n`);
  if (!quick) console.log(`Kept in ${keepResults(report)} and bench/README.md.\n`);
  if (runFailed(report)) process.exitCode = 1;
}

if (chosenBenches.length > 0) {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const [, bench] of chosenBenches) {
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
}
