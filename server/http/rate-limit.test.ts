import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { MemoryRateLimiter, spend, spendOnFailure, type Budget } from './rate-limit';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const minute = 60_000;

describe('MemoryRateLimiter', () => {
  it('allows `limit` attempts per key in a window, then says how long to wait', async () => {
    const clock = manualClock();
    const limiter = new MemoryRateLimiter({ limit: 3, windowMs: 15 * minute }, { now: clock.now });
    for (let i = 0; i < 3; i++) expect(await limiter.take('ada')).toEqual({ allowed: true });
    clock.advance(5 * minute);
    expect(await limiter.take('ada')).toEqual({ allowed: false, retryAfterMs: 10 * minute });
    // Another key has its own budget.
    expect(await limiter.take('grace')).toEqual({ allowed: true });
  });

  it('gives a fresh budget once the window has passed', async () => {
    const clock = manualClock();
    const limiter = new MemoryRateLimiter({ limit: 2, windowMs: minute }, { now: clock.now });
    await limiter.take('ada');
    await limiter.take('ada');
    expect((await limiter.take('ada')).allowed).toBe(false);
    clock.advance(minute);
    expect(await limiter.take('ada')).toEqual({ allowed: true });
  });

  it('refused attempts do not extend the wait, and a given-back attempt can be taken again', async () => {
    const clock = manualClock();
    const limiter = new MemoryRateLimiter({ limit: 1, windowMs: minute }, { now: clock.now });
    await limiter.take('ada');
    for (let i = 0; i < 5; i++) expect((await limiter.take('ada')).allowed).toBe(false);
    await limiter.giveBack('ada');
    expect(await limiter.take('ada')).toEqual({ allowed: true });
    clock.advance(minute);
    expect(await limiter.take('ada')).toEqual({ allowed: true });
  });

  it('sweeps expired keys, so memory does not grow with keys that stopped coming', async () => {
    const clock = manualClock();
    const limiter = new MemoryRateLimiter({ limit: 5, windowMs: minute }, { now: clock.now });
    for (let i = 0; i < 1000; i++) await limiter.take(`address-${i}`);
    expect(limiter.size).toBe(1000);
    clock.advance(minute);
    await limiter.take('one more');
    expect(limiter.size).toBe(1);
  });

  it('never holds more than maxKeys, dropping the oldest first', async () => {
    const clock = manualClock();
    const limiter = new MemoryRateLimiter({ limit: 1, windowMs: minute }, { now: clock.now, maxKeys: 100 });
    await limiter.take('oldest');
    for (let i = 0; i < 500; i++) await limiter.take(`flood-${i}`);
    expect(limiter.size).toBe(100);
    // The newest key still has its count; the oldest was forgotten.
    expect((await limiter.take('flood-499')).allowed).toBe(false);
    expect((await limiter.take('oldest')).allowed).toBe(true);
  });
});

describe('spend and spendOnFailure', () => {
  const budgets = (limiters: MemoryRateLimiter[]): Budget[] =>
    limiters.map((limiter, i) => ({ limiter, key: 'k', refusal: `Budget ${i} is spent.` }));

  it('refuses with rate_limited, Retry-After in whole seconds, and takes from no budget', async () => {
    const clock = manualClock();
    const roomy = new MemoryRateLimiter({ limit: 10, windowMs: minute }, { now: clock.now });
    const tight = new MemoryRateLimiter({ limit: 1, windowMs: minute }, { now: clock.now });
    await spend(budgets([roomy, tight]));
    clock.advance(30_500);
    const refusal = await spend(budgets([roomy, tight])).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'rate_limited', status: 429, details: { retryAfterSeconds: 30 } });
    expect((refusal as AppError).message).toMatch(/^Budget 1 is spent\. Try again in a minute\.$/);
    // The refused attempt was given back to the first budget: 1 of 10 used.
    for (let i = 0; i < 9; i++) expect((await roomy.take('k')).allowed).toBe(true);
    expect((await roomy.take('k')).allowed).toBe(false);
  });

  it('counts refused attempts (4xx) only; successes and our own faults are given back', async () => {
    const limiter = new MemoryRateLimiter({ limit: 2, windowMs: minute });
    const budget = budgets([limiter]);
    await expect(spendOnFailure(budget, async () => 'signed in')).resolves.toBe('signed in');
    await expect(spendOnFailure(budget, () => Promise.reject(new AppError('internal', 'disk full')))).rejects.toThrow('disk full');
    await expect(spendOnFailure(budget, () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    const wrong = () => Promise.reject(new AppError('invalid_credentials', 'no'));
    await expect(spendOnFailure(budget, wrong)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(spendOnFailure(budget, wrong)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(spendOnFailure(budget, async () => 'signed in')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('cannot be overrun by attempts in parallel', async () => {
    const limiter = new MemoryRateLimiter({ limit: 3, windowMs: minute });
    const slowWrongPassword = () =>
      new Promise<never>((_, reject) => setImmediate(() => reject(new AppError('invalid_credentials', 'no'))));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => spendOnFailure(budgets([limiter]), slowWrongPassword)));
    const codes = outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as AppError).code : 'ok'));
    expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(3);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(17);
  });
});
