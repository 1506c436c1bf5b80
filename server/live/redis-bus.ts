import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';

type Handler = (payload: Buffer) => void;

/** How a message goes out (RedisBus.publish). */
export interface PublishOptions {
  /**
   * Never dropped, even past the queue's bound: for messages nobody can
   * recover from the database (access changes), few and small by nature.
   */
  keep?: boolean;
}

export interface RedisBusOptions {
  /** Messages waiting for Redis (not yet confirmed) beyond which new ones are dropped. */
  publishQueueMax: number;
}

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
 *
 * The wait is bounded: past `publishQueueMax` messages not yet confirmed by
 * Redis, a new message is dropped (unless kept) and its channel remembered;
 * once the publishing connection is back, `recovered` listeners are told
 * which channels lost messages, so that their owners have the other
 * instances read those back from the database. An outage so costs an
 * instance at most that many messages' memory, however long it lasts.
 */
export class RedisBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #tag = randomBytes(8);
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #reconnected = new Set<() => void>();
  readonly #recovered = new Set<(channels: ReadonlySet<string>) => void>();
  /** Channels that lost messages to the bound since the publishing connection was last ready. */
  #dropped = new Set<string>();
  #queued = 0;
  #droppedCount = 0;
  #wasReady = false;
  #publisherWasReady = false;
  readonly #publishQueueMax: number;

  constructor(url: string, logger: Logger, busOptions: RedisBusOptions = { publishQueueMax: 10_000 }) {
    this.#publishQueueMax = busOptions.publishQueueMax;
    const log = logger.child({ module: 'redis' });
    // Never give up on a command: a publish made while Redis restarts is sent once it is back.
    // Named after the process, so that Redis's client list (CLIENT LIST) tells whose connections are whose.
    const options = { maxRetriesPerRequest: null, lazyConnect: false, connectionName: busConnectionName() } as const;
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
    this.#publisher.on('ready', () => {
      const dropped = this.#dropped;
      this.#dropped = new Set();
      if (this.#publisherWasReady && dropped.size > 0) {
        log.warn({ channels: dropped.size }, 'messages were dropped while redis was away; other instances catch up from the database');
        for (const listener of this.#recovered) listener(dropped);
      }
      this.#publisherWasReady = true;
    });
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (message.length < this.#tag.length || message.subarray(0, this.#tag.length).equals(this.#tag)) return;
      const payload = message.subarray(this.#tag.length);
      for (const handler of this.#handlers.get(channel.toString()) ?? []) handler(payload);
    });
  }

  publish(channel: string, payload: Uint8Array, options: PublishOptions = {}): void {
    if (this.#queued >= this.#publishQueueMax && !options.keep) {
      this.#dropped.add(channel);
      this.#droppedCount += 1;
      return;
    }
    this.#queued += 1;
    this.#publisher
      .publish(channel, Buffer.concat([this.#tag, payload]))
      .catch(() => {
        // Reported by the 'error' listener; whoever missed it catches up on reconnection.
      })
      .finally(() => (this.#queued -= 1));
  }

  /** Messages handed to Redis and not yet confirmed (waiting while it is away). */
  get queued(): number {
    return this.#queued;
  }

  /** Messages dropped past the queue's bound so far. */
  get dropped(): number {
    return this.#droppedCount;
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

  /**
   * Runs `listener` once the publishing connection is back after messages
   * were dropped, with the channels that lost some.
   */
  onRecovered(listener: (channels: ReadonlySet<string>) => void): () => void {
    this.#recovered.add(listener);
    return () => this.#recovered.delete(listener);
  }

  async close(): Promise<void> {
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }
}

/** The name this process's bus connections carry in Redis. */
export function busConnectionName(): string {
  return `commonplace-${process.pid}`;
}
