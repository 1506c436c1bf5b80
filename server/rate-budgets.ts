/**
 * The shape of a rate limit, apart from where its counts are kept
 * (http/rate-limit.ts in memory, http/rate-limiters.ts in Redis), so that
 * the domain can hold the store every route draws its budgets from.
 */

/** How many attempts a key may make per window. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A budget of attempts per key (an account, a client address). Asynchronous so
 * that a store shared by several server instances (Redis) can stand in for the
 * in-memory one without changing its callers.
 */
export interface RateLimiter {
  /** Takes one attempt from the key's budget, if one is left. */
  take(key: string): Promise<Verdict>;
  /** Returns one taken attempt: it turned out not to count. */
  giveBack(key: string): Promise<void>;
}

/**
 * Where the budgets of one server instance are kept: in its memory, or in
 * Redis when REDIS_URL is set, so that every instance draws on the same
 * count (ten wrong passwords spread over three instances are ten, not three
 * times ten). A budget is known by its name: asked for twice, by two
 * features, it is the same budget.
 */
export interface RateLimiters {
  limiter(name: string, rule: RateRule): RateLimiter;
  close(): Promise<void>;
}
