import type { RedisBus } from '../live/redis-bus';
import type { DocChannelListener, Relay } from './relay';

/**
 * Message kinds on a document's channel: the first byte of the payload.
 * `resync` says that updates of the document were stored and never
 * published (dropped past the bus's bound while Redis was away): listeners
 * catch up from the database. `presence` is sent by an instance once it
 * listens on the channel: awareness is never stored, so the others publish
 * the states they hold for it.
 */
const kinds = { update: 0, awareness: 1, resync: 2, presence: 3 } as const;

const channelPrefix = 'commonplace:doc:';

/** The relay over Redis pub/sub: one channel per document (relay.ts). */
export class RedisRelay implements Relay {
  constructor(private readonly bus: RedisBus) {
    bus.onRecovered((channels) => {
      for (const channel of channels) {
        if (channel.startsWith(channelPrefix)) bus.publish(channel, new Uint8Array([kinds.resync]), { keep: true });
      }
    });
  }

  publishUpdate(docId: string, update: Uint8Array): void {
    this.bus.publish(channelOf(docId), frame(kinds.update, update));
  }

  publishAwareness(docId: string, update: Uint8Array): void {
    this.bus.publish(channelOf(docId), frame(kinds.awareness, update));
  }

  join(docId: string, listener: DocChannelListener): () => void {
    const leave = this.bus.subscribe(
      channelOf(docId),
      (payload) => {
        const body = new Uint8Array(payload.buffer, payload.byteOffset + 1, payload.byteLength - 1);
        if (payload[0] === kinds.update) listener.update(body);
        else if (payload[0] === kinds.awareness) listener.awareness(body);
        else if (payload[0] === kinds.resync) listener.resync();
        else if (payload[0] === kinds.presence) listener.presenceAsked();
      },
      () => {
        // What was published before this instance listened: updates from the database, states from the others.
        listener.resync();
        this.bus.publish(channelOf(docId), new Uint8Array([kinds.presence]));
      },
    );
    const stopHearing = this.bus.onReconnect(() => listener.resync());
    return () => {
      stopHearing();
      leave();
    };
  }
}

function channelOf(docId: string): string {
  return `${channelPrefix}${docId}`;
}

function frame(kind: number, body: Uint8Array): Uint8Array {
  const message = new Uint8Array(body.byteLength + 1);
  message[0] = kind;
  message.set(body, 1);
  return message;
}
