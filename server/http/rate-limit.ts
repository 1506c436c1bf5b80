import { AppError } from '../errors';
import type { RateLimiter, RateRule, Verdict } from '../rate-budgets';

export type { RateLimiter, RateRule, Verdict } from '../rate-budgets';

interface Window {
  count: number;
  endsAt: number;
}

/**
 * Fixed windows that start at a key's first attempt: `limit` attempts until
 * `windowMs` later, then a fresh budget. Memory stays bounded: expired windows
 * are swept once per window length, and past `maxKeys` the oldest are dropped
 * (forgetting a count is the lesser harm than running out of memory).
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #maxKeys: number;
  readonly #now: () => number;
  #nextSweepAt: number;

  constructor(
    private readonly rule: RateRule,
    options: { maxKeys?: number; now?: () => number } = {},
  ) {
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
    this.#nextSweepAt = this.#now() + rule.windowMs;
  }

  /** Keys with a window in memory (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#windows.size;
  }

  async take(key: string): Promise<Verdict> {
    const now = this.#now();
    this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.endsAt <= now) {
      // Delete first so the fresh window goes to the end of the insertion order (the newest).
      this.#windows.delete(key);
      window = { count: 0, endsAt: now + this.rule.windowMs };
      this.#windows.set(key, window);
      this.#evictOverflow();
    }
    if (window.count >= this.rule.limit) return { allowed: false, retryAfterMs: window.endsAt - now };
    window.count += 1;
    return { allowed: true };
  }

  async giveBack(key: string): Promise<void> {
    const window = this.#windows.get(key);
    if (window && window.count > 0) window.count -= 1;
  }

  #sweep(now: number): void {
    if (now < this.#nextSweepAt) return;
    for (const [key, window] of this.#windows) {
      if (window.endsAt <= now) this.#windows.delete(key);
    }
    this.#nextSweepAt = now + this.rule.windowMs;
  }

  #evictOverflow(): void {
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= this.#maxKeys) return;
      this.#windows.delete(key);
    }
  }
}

/** One budget an attempt draws on, and what to say when it is spent. */
export interface Budget {
  limiter: RateLimiter;
  key: string;
  /** The first sentence of the 429's message, e.g. "Too many failed sign-ins for this account." */
  refusal: string;
}

/** Takes one attempt from each budget, or none of them and a 429 with Retry-After. */
export async function spend(budgets: readonly Budget[]): Promise<void> {
  const taken: Budget[] = [];
  for (const budget of budgets) {
    const verdict = await budget.limiter.take(budget.key);
    if (!verdict.allowed) {
      await giveBack(taken);
      throw rateLimited(budget.refusal, verdict.retryAfterMs);
    }
    taken.push(budget);
  }
}

/**
 * A budget that, once spent, slows attempts down instead of refusing them:
 * for a budget anyone can spend on someone else's behalf (failed sign-ins to
 * an account, from any address), refusing would let a stranger lock the
 * owner out; waiting costs a guesser time and the owner only a moment.
 */
export interface SlowingBudget {
  limiter: RateLimiter;
  key: string;
  /** How long each attempt waits once the budget is spent. */
  delayMs: number;
}

/**
 * Runs an attempt that counts against its budgets only when it is refused (a
 * 4xx, like a wrong password). The attempt is taken before it runs, so that
 * many attempts in parallel cannot all pass the check before the first
 * failure is counted, and given back when it succeeds or fails on our side.
 * A spent `slowing` budget delays the attempt instead of refusing it.
 */
export async function spendOnFailure<T>(
  budgets: readonly Budget[],
  attempt: () => Promise<T>,
  slowing: readonly SlowingBudget[] = [],
): Promise<T> {
  await spend(budgets);
  const taken: { limiter: RateLimiter; key: string }[] = [...budgets];
  let delayMs = 0;
  for (const budget of slowing) {
    if ((await budget.limiter.take(budget.key)).allowed) taken.push(budget);
    else delayMs = Math.max(delayMs, budget.delayMs);
  }
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  let result: T;
  try {
    result = await attempt();
  } catch (err) {
    if (!(err instanceof AppError && err.status < 500)) await giveBack(taken);
    throw err;
  }
  await giveBack(taken);
  return result;
}

async function giveBack(budgets: readonly { limiter: RateLimiter; key: string }[]): Promise<void> {
  for (const { limiter, key } of budgets) await limiter.giveBack(key);
}

function rateLimited(refusal: string, retryAfterMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError('rate_limited', `${refusal} Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`, {
    retryAfterSeconds,
  });
}
