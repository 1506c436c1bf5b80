import type { ServerKind } from './servers';

/**
 * One scenario of the side-by-side bench: run once against one
 * server at a time; the runner repeats it, alternating servers, and reports
 * medians, min-max and the ratio Commonplace / best peer of its headline
 * metrics.
 */
export interface Scenario {
  /** Stable id, used in bench/results/<date>.json and by `npm run bench -- --only=<id>`. */
  id: string;
  /** What a reader of the README table needs: e.g. "1 writer + 200 readers, 20 edits/s". */
  title: string;
  servers: readonly ServerKind[];
  /** Reads ../shared/data/editing-traces: CI's quick mode skips it, saying so, where that folder is absent. */
  needsTraces?: boolean;
  /** The metrics the README table shows, in order. */
  headline: readonly Headline[];
  run(kind: ServerKind, context: ScenarioContext): Promise<ScenarioRun>;
  /**
   * Stops what the scenario kept between its repeats (a server prepared once
   * per run, e.g. cold-load's stored document); the runner calls it after the
   * scenario's last repeat, also when a repeat failed.
   */
  teardown?(): Promise<void>;
}

export interface Headline {
  metric: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
}

export interface ScenarioContext {
  /** Quick mode (CI): small N, a few seconds; proves the suite runs and converges, never judges timings. */
  quick: boolean;
  /** 0-based repeat number. */
  repeat: number;
}

export interface ScenarioRun {
  /** Figures by metric name (milliseconds, seconds, bytes, counts), e.g. p99Ms, serverCpuSeconds, serverPeakRssBytes. */
  metrics: Record<string, number>;
}

/** Clients ended with different documents: the run is worthless and the suite fails. */
export class Divergence extends Error {
  constructor(scenario: string, server: ServerKind, detail: string) {
    super(`${scenario} on ${server}: clients diverged (${detail})`);
    this.name = 'Divergence';
  }
}

/** `work`, or `failure()` once `timeoutMs` have passed without it settling. */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, failure: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(failure()), timeoutMs)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
