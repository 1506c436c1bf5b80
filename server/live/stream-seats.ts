import { AppError } from '../errors';

/** One stream's place in its account's allowance: taken at admission, held while it is open. */
export interface StreamSeat {
  /** The stream opened: the seat is held until `release`. */
  open(): void;
  release(): void;
}

/**
 * How many live streams (SSE) one account may hold open on this instance,
 * all hubs together (feed, feedback), so that one account cannot take every
 * connection and timer the instance has. A seat is taken when a stream is
 * admitted, before its access is checked, so that streams asked for at once
 * cannot all pass the count; a seat whose stream never opens (its access
 * check refused it) lapses after `pendingMs`.
 */
export class StreamSeats {
  readonly #byUser = new Map<string, Set<{ expiresAt: number }>>();

  constructor(
    private readonly perUser: number,
    private readonly pendingMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seats an account holds now (open streams and recent admissions). */
  held(userId: string): number {
    const seats = this.#byUser.get(userId);
    if (!seats) return 0;
    const now = this.now();
    for (const seat of seats) if (seat.expiresAt <= now) seats.delete(seat);
    if (seats.size === 0) this.#byUser.delete(userId);
    return seats.size;
  }

  /** Takes a seat for a new stream of `userId`, or refuses it with 429 when they hold `perUser` already. */
  take(userId: string): StreamSeat {
    if (this.held(userId) >= this.perUser) {
      throw new AppError(
        'rate_limited',
        `You have ${this.perUser} live streams open, as many as one account may. Close a tab or window of this site and try again.`,
        { retryAfterSeconds: Math.ceil(this.pendingMs / 1000) },
      );
    }
    let seats = this.#byUser.get(userId);
    if (!seats) this.#byUser.set(userId, (seats = new Set()));
    const seat = { expiresAt: this.now() + this.pendingMs };
    seats.add(seat);
    return {
      open: () => {
        seat.expiresAt = Infinity;
      },
      release: () => {
        const held = this.#byUser.get(userId);
        held?.delete(seat);
        if (held?.size === 0) this.#byUser.delete(userId);
      },
    };
  }
}
