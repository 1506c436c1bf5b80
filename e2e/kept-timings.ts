import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { median, reportFigures } from '../server/testing/figures';
import { machineSpeedMs } from './machine-speed';

/**
 * A run's page timings and the figures kept in the repository to judge them
 * by (page-timings.e2e.ts; README, "Page timings").
 */

type Medians = Record<string, number>;

/** What the kept file holds. */
export interface KeptTimings {
  medians: Medians;
  /** The machine's speed (machineSpeedMs) while they were measured. */
  machineSpeedMs: number;
}

export function readKeptTimings(path: string): KeptTimings {
  return JSON.parse(readFileSync(path, 'utf8')) as KeptTimings;
}

/** The median of `runs`, in whole milliseconds: what is reported, kept and judged. */
const medianMs = (runs: readonly number[]) => Math.round(median(runs));

/** The load average of the last minute, to one decimal. */
const loadAverage = () => Math.round(loadavg()[0]! * 10) / 10;

/** What one run measured: each figure's runs (judged by their median), and the machine's speed beside each test. */
export class TimingRun {
  readonly #runs: Record<string, number[]> = {};
  readonly #speeds: Record<string, number> = {};

  /** @param suite the name its figures are reported under (test-results/figures) */
  constructor(private readonly suite: string) {}

  /** Keeps `runs` as `name`'s, and reports every figure so far. */
  record(name: string, runs: number[]): void {
    this.#runs[name] = runs;
    reportFigures(this.suite, {
      loadAverage1m: loadAverage(),
      ...Object.fromEntries(Object.entries(this.#medians()).map(([figure, ms]) => [`${figure}.medianMs`, ms])),
      ...Object.fromEntries(Object.entries(this.#speeds).map(([test, ms]) => [`${test}.machineSpeedMs`, ms])),
      ...Object.fromEntries(Object.entries(this.#runs).map(([figure, all]) => [`${figure}.runsMs`, all.join(' ')])),
    });
  }

  /**
   * Runs `measure` with `context` between two readings of the machine's
   * speed and keeps their mean as `test`'s: the speed the runs met.
   */
  async withMachineSpeed(test: string, context: BrowserContext, measure: () => Promise<void>): Promise<number> {
    const before = await machineSpeedMs(context);
    await measure();
    const speed = Math.round((before + (await machineSpeedMs(context))) / 2);
    this.#speeds[test] = speed;
    return speed;
  }

  /**
   * Fails on a median more than `factor` times its kept figure, once the
   * machine's speed is allowed for: on a machine slower now than when the
   * figures were kept (`speedMs` against the kept speed), by as much more
   * as it is slower. Never tighter than `factor` times: a faster machine
   * now gives no less room.
   */
  expectWithin(kept: KeptTimings, factor: number, speedMs: number, ...names: string[]): void {
    const slower = Math.max(1, speedMs / kept.machineSpeedMs);
    for (const name of names) {
      const figure = kept.medians[name];
      const measured = medianMs(this.#runs[name]!);
      expect(figure, `${name} has a kept figure`).toBeTypeOf('number');
      expect(
        measured,
        `${name}: median ${measured} ms (runs ${this.#runs[name]!.join(', ')}) against ${figure} ms kept, ` +
          `the machine ${slower.toFixed(2)} times as slow as then (${speedMs} ms against ${kept.machineSpeedMs} ms)`,
      ).toBeLessThanOrEqual(factor * figure! * slower);
    }
  }

  /** Writes this run's medians to `path` as the kept figures, with the machine's speed and load then. */
  keep(path: string, about: string): void {
    const file = {
      about,
      recordedAt: new Date().toISOString(),
      /** How busy the machine was: figures recorded on a busy machine are slower than a quiet one's. */
      loadAverage1m: loadAverage(),
      machineSpeedMs: medianMs(Object.values(this.#speeds)),
      medians: this.#medians(),
    };
    writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
  }

  #medians(): Medians {
    return Object.fromEntries(Object.entries(this.#runs).map(([figure, runs]) => [figure, medianMs(runs)]));
  }
}
