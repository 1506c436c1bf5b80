import { streamSSE } from 'hono/streaming';
import type { StreamSink, Subscription } from '../live/stream-hub';
import type { AppContext } from './env';

/** How long EventSource waits before reconnecting a dropped stream. */
const reconnectMs = 2000;

/**
 * Answers with a Server-Sent Events stream for one subscription (live/
 * stream-hub.ts): each event is the JSON `data` of an unnamed event (so
 * EventSource's `onmessage` gets them all), `ready` also sets the reconnect
 * delay, heartbeats are comment lines. Call it once access is checked.
 */
export function serveEvents<E extends { type: string }>(c: AppContext, open: (sink: StreamSink<E>) => Subscription): Response {
  // Proxies such as nginx would otherwise buffer the stream.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const subscription = open({
      send: (event) => stream.writeSSE({ data: JSON.stringify(event), ...(event.type === 'ready' ? { retry: reconnectMs } : {}) }),
      keepAlive: async () => {
        await stream.write(': keep-alive\n\n');
      },
      close: () => stream.close(),
      abort: () => stream.abort(),
    });
    stream.onAbort(() => subscription.drop());
    await subscription.done;
  });
}
