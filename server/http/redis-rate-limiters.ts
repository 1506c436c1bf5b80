import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { RateLimiters } from '../rate-budgets';
import { MemoryRateLimiter, type RateLimiter, type RateRule, type Verdict } from './rate-limit';

/**
 * Takes one attempt in a fixed window that starts at a key's first attempt,
 * as MemoryRateLimiter does, in one atomic step: a refused attempt is not
 * counted, and the window's end is set once (a count given back to zero
 * keeps its window). Returns {1} or {0, milliseconds until the window ends}.
 */
const takeScript = `
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return {0, redis.call('PTTL', KEYS[1])}
end
return {1, 0}
`;

/** Gives one attempt back, never below zero, keeping the window's end. */
const giveBackScript = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** A command to Redis that takes longer than this falls back to the instance's own count. */
const commandTimeoutMs = 1000;

/**
 * Budgets kept in Redis, one key per budget and key, expiring with its
 * window. While Redis does not answer, each budget falls back to a count in
 * this instance's memory rather than refusing everyone or letting everyone
 * through: limits hold per instance until Redis is back.
 */
export class RedisRateLimiters implements RateLimiters {
  readonly #redis: Redis;
  readonly #log: Logger;
  readonly #byName = new Map<string, RateLimiter>();

  constructor(url: string, logger: Logger, private readonly prefix = 'commonplace:rate:') {
    this.#log = logger.child({ module: 'rate-limits' });
    // A command waits for the connection (at start) but never past the timeout: a sign-in must not wait for Redis to come back.
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs });
    this.#redis.on('error', (err: Error) => this.#log.warn({ err: err.message }, 'redis connection error (rate limits)'));
  }

  limiter(name: string, rule: RateRule): RateLimiter {
    let limiter = this.#byName.get(name);
    if (!limiter) this.#byName.set(name, (limiter = this.#shared(name, rule)));
    return limiter;
  }

  #shared(name: string, rule: RateRule): RateLimiter {
    const fallback = new MemoryRateLimiter(rule);
    const redis = this.#redis;
    const keyOf = (key: string) => `${this.prefix}${name}:${key}`;
    const log = this.#log;
    return {
      async take(key: string): Promise<Verdict> {
        // Known to be away (it was connected once, or refused): no need to wait for the timeout.
        if (away(redis)) return fallback.take(key);
        try {
          const [allowed, retryAfterMs] = (await redis.eval(takeScript, 1, keyOf(key), rule.limit, rule.windowMs)) as [number, number];
          return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1, retryAfterMs) };
        } catch (err) {
          log.warn({ err: (err as Error).message, budget: name }, 'rate limit counted in memory: redis did not answer');
          return fallback.take(key);
        }
      },
      async giveBack(key: string): Promise<void> {
        if (away(redis)) return fallback.giveBack(key);
        try {
          await redis.eval(giveBackScript, 1, keyOf(key));
        } catch {
          await fallback.giveBack(key);
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}

/** Whether the connection is down and being tried again: commands would only wait for their timeout. */
function away(redis: Redis): boolean {
  return redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end';
}
