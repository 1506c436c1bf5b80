import type { EventSourceLike } from './live-stream';

/** Stands in for the browser's EventSource in tests: the test sends the server's messages. */
export class FakeSource<StreamEvent> implements EventSourceLike {
  readyState = 0;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  /** A message from the server: an event, or raw text (to send what the client cannot read). */
  send(event: StreamEvent | string) {
    this.readyState = 1;
    this.onmessage?.({ data: typeof event === 'string' ? event : JSON.stringify(event) } as MessageEvent<string>);
  }
  /** A failed connection; `closed` when the browser gave up (an HTTP error) rather than retrying. */
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
  close() {
    this.readyState = 2;
  }
}
