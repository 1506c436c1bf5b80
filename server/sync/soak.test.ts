import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { reportFigures, type Figures } from '../testing/figures';
import { typingDocument } from '../testing/typing-document';
import { readMetrics, type ServerMetrics } from '../testing/server-metrics';
import type { TypingTeam } from '../testing/typing-members';
import { waitFor } from './test-clients';

/**
 * A fault over time: a bounded soak. A few members type (and move their
 * carets) steadily on a server process for SOAK_SECONDS (20 by default; set
 * it to run longer, e.g. SOAK_SECONDS=600). The time is cut into windows;
 * per window the server's memory (from /metrics) and the latency of each
 * keystroke from its typist to a watching reviewer are taken. The first
 * window is warm-up. Memory in the last window must stay within a generous
 * factor of the first window after it, and so must the median latency: only
 * a real trend (a leak, a queue that keeps growing) fails them. At the end
 * everyone converges on everything typed, and that is what is stored.
 */
const soakSeconds = Number(process.env.SOAK_SECONDS ?? 20);
const windowCount = 5;
const windowMs = (soakSeconds * 1000) / windowCount;
const sampleEveryMs = 500;
const typistCount = 4;
const everyMs = 50;
/** Last window against the first after warm-up: generous, since a heap is a sawtooth and the machine is shared. */
const allowedGrowth = { rss: 1.5, heap: 2, latency: 5 };
/** A median of a few ms can be multiplied by a neighbour's burst on a shared 2-core machine without any trend. */
const latencyFloorMs = 50;

const typing = typingDocument(typistCount);

interface Window {
  rssBytes: number;
  heapUsedBytes: number;
  p50Ms: number;
  p99Ms: number;
  keystrokes: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** The latency of every keystroke, from the moment its typist typed it to the moment the watcher holds it. */
function keystrokeLatencies(team: TypingTeam) {
  const typedAt = new Map<number, number[]>();
  for (const member of team.members) {
    const { doc, provider } = member;
    const times: number[] = [];
    typedAt.set(doc.clientID, times);
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      const clock = Y.getState(doc.store, doc.clientID);
      while (times.length < clock) times.push(performance.now());
      // A caret moves with every keystroke: awareness traffic soaks too.
      provider.awareness.setLocalStateField('cursor', { index: member.text().length });
    });
  }
  let measured: number[] = [];
  const seen = new Map<number, number>();
  const watcher = team.watcher.doc;
  watcher.on('update', () => {
    const now = performance.now();
    for (const [writer, times] of typedAt) {
      const state = Y.getState(watcher.store, writer);
      for (let clock = seen.get(writer) ?? 0; clock < state; clock++) measured.push(now - times[clock]!);
      seen.set(writer, state);
    }
  });
  return {
    /** The latencies measured since the last call. */
    take(): number[] {
      const taken = measured;
      measured = [];
      return taken;
    },
  };
}

describe('soak', () => {
  it(`keeps memory and latency steady while members type for ${soakSeconds} s, and converges`, { timeout: soakSeconds * 1000 + 60_000 }, async () => {
    const server = await typing.seeded.serve({ DOC_UNLOAD_DELAY_MS: '600000' });
    const team = typing.team(server.url);
    await team.synced();
    const latencies = keystrokeLatencies(team);
    team.startTyping(everyMs);

    const windows: Window[] = [];
    for (let w = 0; w < windowCount; w++) {
      const end = performance.now() + windowMs;
      const samples: ServerMetrics[] = [];
      let nextSampleAt = 0;
      await waitFor(
        `window ${w + 1} to pass`,
        async () => {
          if (performance.now() >= nextSampleAt) {
            samples.push(await readMetrics(server.url));
            nextSampleAt = performance.now() + sampleEveryMs;
          }
          return performance.now() >= end;
        },
        windowMs + 30_000,
      );
      const measured = latencies.take();
      windows.push({
        // Medians of the window's samples: a heap is a sawtooth between collections.
        rssBytes: percentile(samples.map((s) => s.rssBytes), 50),
        heapUsedBytes: percentile(samples.map((s) => s.heapUsedBytes), 50),
        p50Ms: percentile(measured, 50),
        p99Ms: percentile(measured, 99),
        keystrokes: measured.length,
      });
    }

    const typed = team.stopTyping();
    const final = await team.converged(typed);
    expect((await typing.seeded.stored()).getText('t').toString()).toBe(final);

    const first = windows[1]!;
    const last = windows.at(-1)!;
    for (const window of windows) expect(window.keystrokes).toBeGreaterThan(0);
    expect(last.rssBytes).toBeLessThanOrEqual(first.rssBytes * allowedGrowth.rss);
    expect(last.heapUsedBytes).toBeLessThanOrEqual(first.heapUsedBytes * allowedGrowth.heap);
    expect(last.p50Ms).toBeLessThanOrEqual(Math.max(first.p50Ms * allowedGrowth.latency, latencyFloorMs));

    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    const ms = (value: number) => Math.round(value * 10) / 10;
    const figures: Figures = { soakSeconds, windowSeconds: windowMs / 1000, typists: typistCount, charactersTyped: typed };
    windows.forEach((window, i) => {
      const name = i === 0 ? 'warmUp' : `window${i}`;
      figures[`${name}RssMB`] = mb(window.rssBytes);
      figures[`${name}HeapMB`] = mb(window.heapUsedBytes);
      figures[`${name}P50Ms`] = ms(window.p50Ms);
      figures[`${name}P99Ms`] = ms(window.p99Ms);
    });
    reportFigures('soak', figures);
  });
});
