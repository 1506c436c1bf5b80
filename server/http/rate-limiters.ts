import type { RateLimiters } from '../rate-budgets';
import { MemoryRateLimiter, type RateLimiter, type RateRule } from './rate-limit';

export type { RateLimiters } from '../rate-budgets';

/** Budgets in this instance's memory: the store without Redis (with one: redis-rate-limiters.ts). */
export class MemoryRateLimiters implements RateLimiters {
  readonly #byName = new Map<string, RateLimiter>();

  limiter(name: string, rule: RateRule): RateLimiter {
    let limiter = this.#byName.get(name);
    if (!limiter) this.#byName.set(name, (limiter = new MemoryRateLimiter(rule)));
    return limiter;
  }

  async close(): Promise<void> {}
}
