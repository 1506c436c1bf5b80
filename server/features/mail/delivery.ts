import type { Store } from '../../db/database';
import { newId } from '../../db/ids';
import type { Logger } from '../../logger';
import { claimDue, recordFailure, recordSent, type Claim, type OutboxMessage } from './outbox-claims';
import { outgoingMessage } from './outgoing-message';
import { sendFailure, type MailTransport } from './transport';
import type { UnsubscribeTokens } from './unsubscribe-token';

export interface MailDeliveryOptions {
  /** How often the worker looks for due mail without being kicked (ms). */
  pollMs: number;
  /**
   * How long a claim on a message lasts (ms). Longer than any one send can
   * take (the SMTP timeouts bound it), or a second worker could take over a
   * message still being sent; short enough that mail claimed by an instance
   * that died goes soon after.
   */
  claimMs: number;
  /** Messages claimed at once; they are sent side by side, each on its own connection. */
  batch: number;
  /** The first retry after a temporary failure waits this long, each next one twice as long, up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** A message still not sent this long after it was queued is given up on. */
  giveUpAfterMs: number;
}

const second = 1000;
export const defaultMailDeliveryOptions: MailDeliveryOptions = {
  pollMs: 1000,
  claimMs: 10 * 60 * second,
  batch: 10,
  firstRetryMs: 30 * second,
  maxRetryMs: 60 * 60 * second,
  giveUpAfterMs: 24 * 60 * 60 * second,
};

export interface MailDeliveryContext {
  store: Pick<Store, 'db' | 'kind'>;
  transport: MailTransport;
  /** MAIL_FROM. */
  from: string;
  /** The origin of links in mail (the unsubscribe link). */
  publicOrigin: () => string;
  unsubscribeTokens: Pick<UnsubscribeTokens, 'sign'>;
  logger: Logger;
  now: () => number;
}

/**
 * The worker that sends what the outbox holds; every instance runs one.
 * It claims due messages (outbox-claims.ts), sends each, and records the
 * outcome: sent; back in the queue with a growing wait after a temporary
 * failure, until a day after it was queued; failed at once when the relay
 * refuses the mail for good. Each outcome that is not "sent" is logged with
 * its reason and kept in `last_error`.
 *
 * Once: a message is sent by the worker holding its claim. A crash before
 * the relay accepted it leaves the claim to run out and another worker to
 * send it; a crash after the relay accepted it and before "sent" was
 * written sends it again, with the same Message-ID. Over SMTP nothing can
 * close that last window: the relay's acceptance and our record cannot
 * commit together.
 */
export class MailDelivery {
  /** This worker's name in `claimed_by`. */
  readonly instance = newId();
  readonly transport: MailTransport;
  readonly #options: MailDeliveryOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #pass: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(
    private readonly context: MailDeliveryContext,
    options: Partial<MailDeliveryOptions> = {},
  ) {
    this.transport = context.transport;
    this.#options = { ...defaultMailDeliveryOptions, ...options };
  }

  start(): void {
    this.#timer = setInterval(() => void this.kick(), this.#options.pollMs);
    this.#timer.unref();
    void this.kick();
  }

  /**
   * Looks for due mail now (a caller that just queued some need not wait for
   * the next poll). Resolves once this look, and any asked for meanwhile, is done.
   */
  kick(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#pass) {
      this.#again = true;
      return this.#pass;
    }
    this.#pass = this.#run().finally(() => (this.#pass = null));
    return this.#pass;
  }

  /** Stops looking, and waits for the sends under way to be recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#pass;
    this.transport.close();
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      try {
        while (!this.#stopped) {
          const claim: Claim = { instance: this.instance, until: this.context.now() + this.#options.claimMs };
          const due = await claimDue(this.context.store, claim, this.context.now(), this.#options.batch);
          await Promise.all(due.map((message) => this.#deliver(message, claim)));
          if (due.length < this.#options.batch) break;
        }
      } catch (err) {
        this.context.logger.warn({ err }, 'mail delivery could not read the outbox; it tries again');
      }
    } while (this.#again && !this.#stopped);
  }

  async #deliver(message: OutboxMessage, claim: Claim): Promise<void> {
    const { logger } = this.context;
    const about = { mailId: message.id, kind: message.kind, attempt: message.attempts };
    try {
      const outgoing = await outgoingMessage(message, {
        from: this.context.from,
        origin: this.context.publicOrigin(),
        unsubscribeTokens: this.context.unsubscribeTokens,
      });
      await this.context.transport.send(outgoing);
    } catch (err) {
      await this.#failed(message, claim, err).catch((recordErr) =>
        logger.error({ ...about, err: recordErr }, 'a failed mail could not be recorded; its claim runs out and it is tried again'),
      );
      return;
    }
    try {
      await recordSent(this.context.store.db, message.id, this.instance, this.context.now());
      logger.info(about, 'mail sent');
    } catch (err) {
      // The relay has it; when the claim runs out it goes again with the same Message-ID.
      logger.error({ ...about, err }, 'a sent mail could not be recorded as sent');
    }
  }

  async #failed(message: OutboxMessage, claim: Claim, err: unknown): Promise<void> {
    const { logger, store } = this.context;
    const now = this.context.now();
    const about = { mailId: message.id, kind: message.kind, attempt: message.attempts };
    const { permanent, reason } = sendFailure(err);
    const deadline = message.created_at + this.#options.giveUpAfterMs;
    if (permanent || now >= deadline) {
      const error = permanent ? `refused: ${reason}` : `gave up a day after it was queued; last error: ${reason}`;
      if (await recordFailure(store.db, message.id, claim, { failed: true, error })) logger.warn({ ...about, reason: error }, 'mail not sent, given up');
      return;
    }
    const wait = Math.min(this.#options.firstRetryMs * 2 ** Math.max(0, message.attempts - 1), this.#options.maxRetryMs);
    const retryAt = Math.min(now + wait, deadline);
    if (await recordFailure(store.db, message.id, claim, { retryAt, error: reason })) {
      logger.info({ ...about, reason, retryAt: new Date(retryAt).toISOString() }, 'mail not sent yet; it is tried again');
    }
  }
}
