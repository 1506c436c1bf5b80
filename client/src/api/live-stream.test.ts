import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeSource } from './fake-event-source';
import { LiveStream, type StreamStatus } from './live-stream';

/** A stream of numbers appended to a cached list: the smallest user of LiveStream. */
const numberEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('end'), reason: z.enum(['session-ended', 'access-revoked', 'role-changed', 'server-stopping']) }),
  z.object({ type: z.literal('number'), value: z.number() }),
]);
type NumberEvent = z.infer<typeof numberEvent>;
const key = ['numbers'];

const streams: LiveStream<NumberEvent, number, number[], StreamStatus>[] = [];
function startStream() {
  const queryClient = new QueryClient();
  const sources: FakeSource<NumberEvent>[] = [];
  const loads: { resolve: (list: number[]) => void; reject: (error: Error) => void }[] = [];
  const stream: LiveStream<NumberEvent, number, number[], StreamStatus> = new LiveStream<NumberEvent, number, number[], StreamStatus>({
    url: '/numbers',
    schema: numberEvent,
    receive: (event) => {
      if (event.type === 'ready') void stream.ready();
      else if (event.type === 'end') stream.end(event.reason);
      else stream.apply(event.value);
    },
    queryClient,
    queryKey: key,
    load: () => new Promise((resolve, reject) => loads.push({ resolve, reject })),
    merge: (list, values) => [...new Set([...list, ...values])],
    snapshot: 'connecting',
    withStatus: (_, status) => status,
    open: (url) => (sources.push(new FakeSource<NumberEvent>(url)), sources.at(-1)!),
    retryMs: () => 0,
  });
  streams.push(stream);
  stream.start();
  /** A fetch of the query that the stream did not start (a refetch after the service worker takes over, say); resolve it with what the server read. */
  const fetchElsewhere = () => {
    let answer: (list: number[]) => void = () => undefined;
    const done = queryClient.fetchQuery({ queryKey: key, queryFn: () => new Promise<number[]>((resolve) => (answer = resolve)), staleTime: 0 });
    return { resolve: (list: number[]) => (answer(list), done) };
  };
  return { stream, loads, source: () => sources.at(-1)!, cached: () => queryClient.getQueryData<number[]>(key), fetchElsewhere };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  for (const stream of streams.splice(0)) stream.stop();
});

describe('LiveStream', () => {
  it('keeps only the newest load, with what arrived since it began', async () => {
    const { loads, source, cached } = startStream();
    source().send({ type: 'ready' });
    await flush();
    source().send({ type: 'ready' });
    await flush();
    source().send({ type: 'number', value: 3 });
    loads[1]!.resolve([1]);
    await flush();
    expect(cached()).toEqual([1, 3]);
    // The older load lands last and changes nothing.
    loads[0]!.resolve([9]);
    await flush();
    expect(cached()).toEqual([1, 3]);
  });

  it('keeps a change heard while the query fetches on its own over that fetch’s older answer', async () => {
    const { loads, source, cached, fetchElsewhere } = startStream();
    source().send({ type: 'ready' });
    await flush();
    loads[0]!.resolve([1]);
    await flush();
    const refetch = fetchElsewhere();
    source().send({ type: 'number', value: 2 });
    expect(cached()).toEqual([1, 2]);
    // The server read the list before 2 was added; its answer lands after the stream told of 2.
    await refetch.resolve([1]);
    expect(cached()).toEqual([1, 2]);
    // A fetch begun after a change is the newer word: nothing heard before it is put back.
    await fetchElsewhere().resolve([7]);
    expect(cached()).toEqual([7]);
  });

  it('keeps the list and the changes it heard when a load fails, and loads again on the next ready', async () => {
    const { loads, source, cached } = startStream();
    source().send({ type: 'ready' });
    await flush();
    loads[0]!.resolve([1]);
    await flush();
    source().send({ type: 'ready' });
    await flush();
    source().send({ type: 'number', value: 2 });
    loads[1]!.reject(new Error('503'));
    await flush();
    expect(cached()).toEqual([1, 2]);
    source().send({ type: 'ready' });
    await flush();
    loads[2]!.resolve([1, 2, 3]);
    await flush();
    expect(cached()).toEqual([1, 2, 3]);
  });

  it('tells listeners of a new status only, and nothing after stop', () => {
    const { stream, source } = startStream();
    const heard: StreamStatus[] = [];
    stream.subscribe(() => heard.push(stream.getSnapshot()));
    source().send({ type: 'ready' });
    source().send({ type: 'end', reason: 'server-stopping' });
    source().fail(false);
    expect(heard).toEqual(['live', 'reconnecting']);
    stream.stop();
    stream.end('session-ended');
    expect(heard).toEqual(['live', 'reconnecting']);
  });
});
