import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';

type Handler = (payload: Buffer) => void;

/**
 * Redis pub/sub between server instances: one connection to
 * publish, one to subscribe. Every message carries the publishing
 * instance's tag, so that an instance skips its own messages, which Redis
 * also delivers back to it.
 *
 * When Redis goes away the instance keeps serving its own clients;
 * publishes wait in the client's offline queue and are sent on reconnection,
 * the subscriptions are renewed, and `reconnected` listeners run so that
 * whatever was missed meanwhile is read back from the database.
 */
export class RedisBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #tag = randomBytes(8);
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #reconnected = new Set<() => void>();
  #wasReady = false;

  constructor(url: string, logger: Logger) {
    const log = logger.child({ module: 'redis' });
    // Never give up on a command: a publish made while Redis restarts is sent once it is back.
    const options = { maxRetriesPerRequest: null, lazyConnect: false } as const;
    this.#publisher = new Redis(url, options);
    this.#subscriber = new Redis(url, { ...options, autoResubscribe: true });
    for (const [name, client] of [
      ['publisher', this.#publisher],
      ['subscriber', this.#subscriber],
    ] as const) {
      client.on('error', (err: Error) => log.warn({ err: err.message, client: name }, 'redis connection error'));
    }
    this.#subscriber.on('ready', () => {
      if (this.#wasReady) {
        log.info('redis is back; catching up from the database');
        for (const listener of this.#reconnected) listener();
      }
      this.#wasReady = true;
    });
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (message.length < this.#tag.length || message.subarray(0, this.#tag.length).equals(this.#tag)) return;
      const payload = message.subarray(this.#tag.length);
      for (const handler of this.#handlers.get(channel.toString()) ?? []) handler(payload);
    });
  }

  publish(channel: string, payload: Uint8Array): void {
    this.#publisher.publish(channel, Buffer.concat([this.#tag, payload])).catch(() => {
      // Reported by the 'error' listener; whoever missed it catches up on reconnection.
    });
  }

  /**
   * Listens on a channel. `subscribed` runs once Redis confirms the
   * subscription: from then on nothing published is missed.
   */
  subscribe(channel: string, handler: Handler, subscribed?: () => void): () => void {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      this.#handlers.set(channel, (handlers = new Set()));
      this.#subscriber.subscribe(channel).then(
        () => subscribed?.(),
        () => {},
      );
    } else if (subscribed) {
      queueMicrotask(subscribed);
    }
    handlers.add(handler);
    return () => {
      const current = this.#handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.#handlers.delete(channel);
      this.#subscriber.unsubscribe(channel).catch(() => {});
    };
  }

  /** Runs `listener` each time the subscription connection comes back after a loss. */
  onReconnect(listener: () => void): () => void {
    this.#reconnected.add(listener);
    return () => this.#reconnected.delete(listener);
  }

  async close(): Promise<void> {
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }
}
