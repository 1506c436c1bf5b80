import { describe, expect, it } from 'vitest';
import { applyThreadChange, type ThreadChange } from './thread-cache';
import { aReply, aThread } from './thread-test-data';

const apply = (changes: ThreadChange[], threads = [aThread('t1', { createdAt: 1 }), aThread('t2', { createdAt: 2 })]) =>
  changes.reduce(applyThreadChange, { threads });

describe('applyThreadChange', () => {
  it('inserts a new thread in order of creation and replaces a known one whole', () => {
    const list = apply([
      { type: 'thread', thread: aThread('t0', { createdAt: 0 }) },
      { type: 'thread', thread: aThread('t2', { createdAt: 2, status: 'resolved', replies: [aReply('r1', 't2')] }) },
    ]);
    expect(list.threads.map((t) => t.id)).toEqual(['t0', 't1', 't2']);
    expect(list.threads[2]).toMatchObject({ status: 'resolved', replies: [{ id: 'r1' }] });
  });

  it('adds and replaces replies in their thread, and removes deleted ones', () => {
    const list = apply([
      { type: 'reply', reply: aReply('r2', 't1', { createdAt: 5 }) },
      { type: 'reply', reply: aReply('r1', 't1', { createdAt: 4 }) },
      { type: 'reply', reply: aReply('r1', 't1', { createdAt: 4, body: 'edited', editedAt: 6 }) },
      { type: 'reply', reply: aReply('r3', 't1', { createdAt: 7 }) },
      { type: 'reply-deleted', threadId: 't1', replyId: 'r3' },
    ]);
    expect(list.threads[0]!.replies.map((r) => [r.id, r.body])).toEqual([
      ['r1', 'edited'],
      ['r2', 'Reply r2'],
    ]);
    expect(list.threads[1]!.replies).toEqual([]);
  });

  it('removes a deleted thread, and drops a reply to a thread it does not hold', () => {
    const list = apply([
      { type: 'thread-deleted', threadId: 't1' },
      { type: 'reply', reply: aReply('r9', 'unknownunknownun') },
    ]);
    expect(list.threads.map((t) => t.id)).toEqual(['t2']);
    expect(list.threads[0]!.replies).toEqual([]);
  });

  it('gives the same list when a change is applied twice (an answer and its event)', () => {
    const changes: ThreadChange[] = [
      { type: 'thread', thread: aThread('t3', { createdAt: 3 }) },
      { type: 'reply', reply: aReply('r1', 't3') },
      { type: 'reply-deleted', threadId: 't1', replyId: 'nothing' },
    ];
    const once = apply(changes);
    expect(changes.reduce(applyThreadChange, once)).toEqual(once);
  });
});
