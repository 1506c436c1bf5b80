import type { Config } from '../config';
import { spend } from './rate-limit';
import type { RateLimiters } from './rate-limiters';

/**
 * Reads that rebuild a document or gather a whole group's records (a
 * comparison, the document at a moment, a version opened, authorship, a
 * group's contribution report, a page of threads with their replies) draw
 * on one budget per account, all kinds together, so that one reader asking
 * again and again cannot take the server's time from everyone else. Past
 * it: 429 with Retry-After. A person using the pages never comes near it;
 * with Redis, the budget is shared by every instance.
 */
export type ReadBudget = (userId: string) => Promise<void>;

export function readBudget(rules: Config['rateLimits'], limiters: RateLimiters): ReadBudget {
  const limiter = limiters.limiter('reads', { limit: rules.readsPerUser, windowMs: rules.readWindowMs });
  return (userId) => spend([{ limiter, key: userId, refusal: 'Too many history, contribution or feedback reads from your account.' }]);
}
