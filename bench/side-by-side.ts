import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Headline, Scenario } from './scenario';
import { type ServerKind, serverLabels } from './servers';

/**
 * The side-by-side runner: every scenario against every server,
 * repeated (at least 3 times in full mode) with the order of servers
 * rotated each repeat, so that no server always runs first after another
 * scenario nor always last. Each metric is summarised as its median and min-max
 * over the repeats, and each headline metric as the ratio Commonplace / best
 * peer. Full runs are kept in bench/results/<date>.json and as the table of
 * bench/README.md; quick runs (CI) only print.
 *
 * A run that fails (a Divergence, a crash) does not stop the others: it is
 * recorded in `failures` and listed under the table. `npm run bench` then
 * exits with status 1 if Commonplace failed (runFailed); a peer that fails
 * is a finding about that peer, its figures the medians of the runs it finished.
 */

export interface SideBySideOptions {
  quick: boolean;
  repeats: number;
  log?: (line: string) => void;
}

export interface MetricSummary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface ScenarioResult {
  id: string;
  title: string;
  headline: readonly Headline[];
  /** Per server, per metric. */
  servers: Partial<Record<ServerKind, Record<string, MetricSummary>>>;
  /** Per headline metric: Commonplace's median / the best peer's median (null without both). */
  ratios: Record<string, number | null>;
  /**
   * The commit it was measured at (Machine.commit). A report merged from
   * several runs of one day holds scenarios of several commits; files kept
   * before this field existed lack it, and their report's commit is theirs.
   */
  commit?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  commit: string;
}

export interface SideBySideReport {
  date: string;
  quick: boolean;
  repeats: number;
  machine: Machine;
  scenarios: ScenarioResult[];
  failures: { scenario: string; server: ServerKind; repeat: number; error: string }[];
}

export async function runSideBySide(scenarios: readonly Scenario[], options: SideBySideOptions): Promise<SideBySideReport> {
  const log = options.log ?? (() => {});
  const runs = new Map<string, Map<ServerKind, Record<string, number>[]>>(scenarios.map((s) => [s.id, new Map()]));
  const failures: SideBySideReport['failures'] = [];
  for (const scenario of scenarios) {
    const byServer = runs.get(scenario.id)!;
    try {
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        for (const kind of rotate(scenario.servers, repeat)) {
          const started = performance.now();
          try {
            const { metrics } = await scenario.run(kind, { quick: options.quick, repeat });
            byServer.set(kind, [...(byServer.get(kind) ?? []), metrics]);
            const shown = scenario.headline.map((h) => `${h.label} ${formatValue(metrics[h.metric], h.unit)}`).join(', ');
            log(`${scenario.id} on ${kind} #${repeat + 1} (${((performance.now() - started) / 1000).toFixed(1)} s): ${shown}`);
          } catch (err) {
            const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
            failures.push({ scenario: scenario.id, server: kind, repeat, error });
            log(`${scenario.id} on ${kind} #${repeat + 1} FAILED: ${error}`);
          }
        }
      }
    } finally {
      await scenario.teardown?.();
    }
  }
  const measuredOn = machine();
  return {
    date: new Date().toISOString().slice(0, 10),
    quick: options.quick,
    repeats: options.repeats,
    machine: measuredOn,
    scenarios: scenarios.map((scenario) => ({ ...summarise(scenario, runs.get(scenario.id)!), commit: measuredOn.commit })),
    failures,
  };
}

/** The servers in the order of this repeat: each starts one place later than in the repeat before. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function summarise(scenario: Scenario, byServer: Map<ServerKind, Record<string, number>[]>): ScenarioResult {
  const servers: ScenarioResult['servers'] = {};
  for (const [kind, runs] of byServer) {
    const metrics = [...new Set(runs.flatMap((run) => Object.keys(run)))];
    servers[kind] = Object.fromEntries(metrics.map((metric) => [metric, summary(runs.map((run) => run[metric]).filter((v): v is number => v !== undefined))]));
  }
  const ratios: ScenarioResult['ratios'] = {};
  for (const { metric, better } of scenario.headline) {
    const ours = servers.commonplace?.[metric]?.median;
    const peers = Object.entries(servers)
      .filter(([kind]) => kind !== 'commonplace')
      .map(([, metrics]) => metrics?.[metric]?.median)
      .filter((v): v is number => v !== undefined);
    const best = peers.length === 0 ? undefined : better === 'lower' ? Math.min(...peers) : Math.max(...peers);
    ratios[metric] = ours === undefined || best === undefined || best === 0 ? null : ours / best;
  }
  return { id: scenario.id, title: scenario.title, headline: scenario.headline, servers, ratios };
}

function summary(values: number[]): MetricSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: values };
}

function machine(): Machine {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    node: process.version,
    // The bench's own output (the results and the table) does not change what is measured: a rerun after another stays clean.
    commit: git('status', '--porcelain', '--', '.', ':!bench/results', ':!bench/README.md').length > 0 ? `${commit} (with uncommitted changes)` : commit,
  };
}

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  switch (unit) {
    case 'bytes':
      return `${(value / 2 ** 20).toFixed(value >= 100 * 2 ** 20 ? 0 : 1)} MB`;
    case 'ms':
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    default:
      return `${value >= 100 ? Math.round(value) : Number(value.toPrecision(3))}${unit ? ` ${unit}` : ''}`;
  }
}

function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '–' : `${ratio.toFixed(2)}x`;
}

/** The servers any scenario ran, in the suite's order. */
function columns(report: SideBySideReport): ServerKind[] {
  const seen = new Set(report.scenarios.flatMap((s) => Object.keys(s.servers) as ServerKind[]));
  return (Object.keys(serverLabels) as ServerKind[]).filter((kind) => seen.has(kind));
}

/** One row per scenario and headline metric: each server's median (min-max), and the ratio. */
function rows(report: SideBySideReport, spread: boolean): string[][] {
  const kinds = columns(report);
  const header = ['scenario', 'metric', ...kinds.map((kind) => serverLabels[kind]), 'Commonplace / best peer'];
  const body = report.scenarios.flatMap((scenario) =>
    scenario.headline.map((h, i) => [
      i === 0 ? scenario.title : '',
      h.better === 'higher' ? `${h.label} ↑` : h.label,
      ...kinds.map((kind) => {
        const m = scenario.servers[kind]?.[h.metric];
        if (!m) return '–';
        const median = formatValue(m.median, h.unit);
        return spread && m.runs.length > 1 ? `${median} (${formatValue(m.min, h.unit)}–${formatValue(m.max, h.unit)})` : median;
      }),
      formatRatio(scenario.ratios[h.metric]),
    ]),
  );
  return [header, ...body];
}

/** Whether the run failed: Commonplace did. A peer's failure is a finding about that peer, kept and listed. */
export function runFailed(report: SideBySideReport): boolean {
  return report.failures.some((failure) => failure.server === 'commonplace');
}

/** The table for a terminal. */
export function formatTable(report: SideBySideReport): string {
  const table = rows(report, false);
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const out = [line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)];
  for (const failure of report.failures) out.push(`FAILED ${failure.scenario} on ${failure.server} (#${failure.repeat + 1}): ${failure.error}`);
  return out.join('\n');
}

/** The table for bench/README.md, with the machine it ran on. */
export function formatMarkdown(report: SideBySideReport): string {
  const [header, ...body] = rows(report, true);
  const { machine: m } = report;
  const about =
    `Measured ${report.date} on ${m.cpu} (${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(0)} GB), Node ${m.node}, ` +
    `${commits(report)}: medians of ${report.repeats} runs (min–max). The ratio is Commonplace's median over the best peer's: ` +
    'below 1.00x is better, except for metrics marked ↑ (higher is better).';
  const markdownRow = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const failed = report.failures.map((f) => `- Failed: ${f.scenario} on ${f.server}, run ${f.repeat + 1} of ${report.repeats}: ${f.error}`);
  return [about, '', markdownRow(header!), markdownRow(header!.map(() => '---')), ...body.map(markdownRow), ...(failed.length > 0 ? ['', ...failed] : [])].join('\n');
}

/** The commit most scenarios were measured at, and those measured at another (reruns merged in), by title. */
function commits(report: SideBySideReport): string {
  const byCommit = new Map<string, string[]>();
  for (const scenario of report.scenarios) {
    const commit = scenario.commit ?? report.machine.commit;
    byCommit.set(commit, [...(byCommit.get(commit) ?? []), scenario.title]);
  }
  const [main, ...others] = [...byCommit].sort((a, b) => b[1].length - a[1].length);
  if (!main) return `commit ${report.machine.commit}`;
  const reruns = others.map(([commit, titles]) => `; ${titles.map((title) => `"${title}"`).join(', ')} rerun at commit ${commit}`);
  return `commit ${main[0]}${reruns.join('')}`;
}

const benchFolder = fileURLToPath(new URL('.', import.meta.url));
const markers = { begin: '<!-- side-by-side:begin -->', end: '<!-- side-by-side:end -->' };

/**
 * Keeps a full run: bench/results/<date>.json (merged by scenario id with a
 * run of the same day, so that `--only` reruns one scenario in place), and
 * the table between the markers of bench/README.md, from the merged results.
 */
export function keepResults(report: SideBySideReport): string {
  const folder = join(benchFolder, 'results');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${report.date}.json`);
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SideBySideReport) : null;
  const rerun = new Map(report.scenarios.map((s) => [s.id, s]));
  const merged: SideBySideReport = earlier
    ? {
        ...report,
        // In place, so the table keeps its order; new scenarios go last.
        scenarios: [
          ...earlier.scenarios.map((s) => rerun.get(s.id) ?? { ...s, commit: s.commit ?? earlier.machine.commit }),
          ...report.scenarios.filter((s) => !earlier.scenarios.some((e) => e.id === s.id)),
        ],
        failures: [...earlier.failures.filter((f) => !rerun.has(f.scenario)), ...report.failures],
      }
    : report;
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');

  const readme = join(benchFolder, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const begin = text.indexOf(markers.begin);
  const end = text.indexOf(markers.end);
  if (begin < 0 || end < begin) throw new Error(`bench/README.md lacks the ${markers.begin} … ${markers.end} markers`);
  writeFileSync(readme, `${text.slice(0, begin + markers.begin.length)}\n${formatMarkdown(merged)}\n${text.slice(end)}`);
  return file;
}
