import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editingTraces, editingTracesAvailable } from './editing-trace';
import { Propagation, benchText, markEdit } from './edit-propagation';
import { checkConvergence } from './load-generator';
import { Divergence } from './scenario';
import { scenarios } from './scenarios';
import { formatMarkdown, runFailed, runSideBySide, type ScenarioResult, type SideBySideReport } from './side-by-side';

/**
 * The side-by-side bench in quick mode, as CI runs it: every registered
 * scenario once against each of its servers, with few clients for a few
 * seconds. It proves the suite runs and every run converges (a Divergence
 * or a crash fails it); it never judges a timing.
 */
describe('side-by-side bench (quick mode)', () => {
  for (const scenario of scenarios) {
    const skip = scenario.needsTraces === true && !editingTracesAvailable;
    if (skip) console.warn(`[bench] ${scenario.id} skipped: no editing traces at ${editingTraces} (set EDITING_TRACES)`);
    it.skipIf(skip)(
      `${scenario.id} runs on every server and converges`,
      async () => {
        const report = await runSideBySide([scenario], { quick: true, repeats: 1 });

        expect(report.failures).toEqual([]);
        const [result] = report.scenarios;
        for (const kind of scenario.servers) {
          for (const { metric } of scenario.headline) expect(result!.servers[kind]?.[metric]?.median, `${metric} on ${kind}`).toBeTypeOf('number');
        }
      },
      90_000,
    );
  }
});

/** The judges the scenarios rely on, on two documents synced by hand. */
describe('propagation tracking and convergence', () => {
  const pair = () => {
    const writer = new Y.Doc();
    const reader = new Y.Doc();
    const propagation = new Propagation([writer, reader], [writer]);
    const deliver = () => Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(reader)));
    return { writer, reader, propagation, deliver };
  };

  it('resolves an insert once the reader holds it, and a deletion once the character is gone there', () => {
    const { writer, reader, propagation, deliver } = pair();
    const text = benchText(writer);
    propagation.record(writer, markEdit(writer, () => text.insert(0, 'ab')), performance.now());
    expect(propagation.outstanding).toBe(1);
    deliver();
    expect(propagation.outstanding).toBe(0);

    const deletion = markEdit(writer, () => text.delete(0, 1));
    expect(deletion.deletion).toBe(true);
    propagation.record(writer, deletion, performance.now());
    expect(propagation.outstanding).toBe(1);
    deliver();
    expect(propagation.outstanding).toBe(0);
    expect(propagation.latencies).toHaveLength(2);
    expect(benchText(reader).toString()).toBe('b');
    propagation.stop();
  });

  it('calls an edit that never arrives a Divergence', async () => {
    const { writer, propagation } = pair();
    propagation.record(writer, markEdit(writer, () => benchText(writer).insert(0, 'lost')), performance.now());
    await expect(propagation.settled('unit', 'commonplace', 50)).rejects.toBeInstanceOf(Divergence);
    propagation.stop();
  });

  it('calls different texts, or a text other than the expected one, a Divergence', () => {
    const { writer, reader, deliver } = pair();
    benchText(writer).insert(0, 'same');
    deliver();
    expect(() => checkConvergence('unit', 'commonplace', [writer, reader], 'same')).not.toThrow();
    expect(() => checkConvergence('unit', 'commonplace', [writer, reader], 'other')).toThrow(Divergence);
    benchText(reader).insert(0, 'x');
    expect(() => checkConvergence('unit', 'commonplace', [writer, reader])).toThrow(Divergence);
  });
});

describe('the kept table', () => {
  const scenario = (id: string, commit?: string): ScenarioResult => ({ id, title: `Scenario ${id}`, headline: [], servers: {}, ratios: {}, ...(commit ? { commit } : {}) });
  const report = (scenarios: ScenarioResult[]): SideBySideReport => ({
    date: '2026-12-03',
    quick: false,
    repeats: 3,
    machine: { cpu: 'cpu', cores: 2, memoryBytes: 2 ** 34, node: 'v20', commit: 'bbbbbbb' },
    scenarios,
    failures: [],
  });

  it('names the commit most rows were measured at, and the scenarios rerun at another', () => {
    const merged = formatMarkdown(report([scenario('a', 'aaaaaaa'), scenario('b'), scenario('c', 'aaaaaaa'), scenario('d', 'bbbbbbb')]));
    expect(merged.split('\n')[0]).toContain('commit aaaaaaa; "Scenario b", "Scenario d" rerun at commit bbbbbbb:');
    expect(formatMarkdown(report([scenario('a', 'bbbbbbb')])).split('\n')[0]).toContain('commit bbbbbbb:');
  });

  it('lists the runs that failed under the table, and fails the run only for Commonplace', () => {
    const failure = { scenario: 'a', repeat: 2, error: 'Divergence: lost' };
    const peerFailed = { ...report([scenario('a')]), failures: [{ ...failure, server: 'y-websocket' as const }] };
    expect(formatMarkdown(peerFailed).split('\n').at(-1)).toBe('- Failed: a on y-websocket, run 3 of 3: Divergence: lost');
    expect(formatMarkdown(report([scenario('a')]))).not.toContain('Failed');
    expect(runFailed(peerFailed)).toBe(false);
    expect(runFailed({ ...peerFailed, failures: [...peerFailed.failures, { ...failure, server: 'commonplace' }] })).toBe(true);
  });
});
