import { describe, expect, it } from 'vitest';
import { countFeedback, matchesFilter, noFilter, placeThreads } from './thread-filters';
import { ada, aThread } from './thread-test-data';

const bob = { id: 'bobbobbobbobbobb', name: 'Bob' };
const unclear = { id: 'unclearunclearun', name: 'Unclear' };

describe('feedback filters', () => {
  const threads = [
    aThread('t1'),
    aThread('t2', { kind: 'annotation', tag: unclear, author: bob }),
    aThread('t3', { kind: 'annotation', tag: unclear, status: 'resolved' }),
    aThread('t4', { deletedAt: 5, body: '' }),
  ];

  it('filter by status, tag and author together', () => {
    expect(threads.filter((t) => matchesFilter(t, noFilter)).map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(threads.filter((t) => matchesFilter(t, { ...noFilter, tag: unclear.id })).map((t) => t.id)).toEqual(['t2', 't3']);
    expect(threads.filter((t) => matchesFilter(t, { status: 'open', tag: unclear.id, author: 'all' })).map((t) => t.id)).toEqual(['t2']);
    expect(threads.filter((t) => matchesFilter(t, { ...noFilter, author: bob.id })).map((t) => t.id)).toEqual(['t2']);
  });

  it('count per status, per tag and per author, leaving deleted threads out', () => {
    const counts = countFeedback(threads);
    expect(counts.byStatus).toEqual({ open: 2, resolved: 1, accepted: 0, rejected: 0 });
    expect(counts.byTag.get(unclear.id)).toBe(2);
    expect(counts.authors).toEqual([
      { ...ada, count: 2 },
      { ...bob, count: 1 },
    ]);
  });
});

describe('placeThreads', () => {
  const threads = [aThread('late', { createdAt: 1 }), aThread('early', { createdAt: 2 }), aThread('gone'), aThread('unknown'), aThread('closed', { status: 'resolved' })];
  const ranges = new Map([
    ['late', { from: 40, to: 45 }],
    ['early', { from: 3, to: 9 }],
    ['gone', null],
    ['closed', null],
  ]);

  it('orders threads by their place in the text and lists open detached threads apart', () => {
    const { listed, detached } = placeThreads(threads, ranges, true);
    expect(listed.map((t) => t.id)).toEqual(['early', 'late', 'unknown', 'closed']);
    expect(detached.map((t) => t.id)).toEqual(['gone']);
  });

  it('calls nothing detached before the document has loaded', () => {
    const { listed, detached } = placeThreads(threads, ranges, false);
    expect(detached).toEqual([]);
    expect(listed.map((t) => t.id)).toEqual(['early', 'late', 'gone', 'unknown', 'closed']);
  });
});
