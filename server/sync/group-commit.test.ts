import { describe, expect, it } from 'vitest';
import type { LogBatch } from './document-storage';
import { type Committed, GroupCommit } from './group-commit';

/**
 * The queue around a storage's commits, with a storage that commits at once
 * and reaches the disk when the test says: what the queue promises about a
 * commit whose fsync is still under way.
 */

function batch(docId: string): LogBatch {
  return { docId, rows: [{ userId: 'u', data: new Uint8Array([1]), createdAt: 0 }], claims: [], edits: [], seal: () => true };
}

/** A storage whose every commit reaches the disk once the test calls its `land` (or `fail`). */
function slowDisk() {
  const commits: { docIds: string[]; land(): void; fail(err: Error): void }[] = [];
  let nextId = 1;
  const store = async (batches: readonly LogBatch[]): Promise<Committed> => {
    let land!: () => void;
    let fail!: (err: Error) => void;
    const onDisk = new Promise<void>((resolve, reject) => ((land = resolve), (fail = reject)));
    commits.push({ docIds: batches.map((b) => b.docId), land, fail });
    return { result: batches.map(() => nextId++), onDisk };
  };
  return { commits, queue: new GroupCommit(store) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The settled state of each promise, read after pending callbacks have run. */
async function states(promises: Promise<number>[]): Promise<string[]> {
  const seen = promises.map(() => 'pending');
  promises.forEach((promise, i) => promise.then((id) => (seen[i] = `stored ${id}`), (err: Error) => (seen[i] = `failed: ${err.message}`)));
  await nextTurn();
  return seen;
}

/** Batches of documents a and b, appended in two turns: two commits, the second made while the first syncs. */
async function twoCommits(queue: GroupCommit): Promise<[Promise<number>, Promise<number>]> {
  const first = queue.append(batch('a'));
  await nextTurn();
  const second = queue.append(batch('b'));
  await nextTurn();
  return [first, second];
}

describe('group commit over a disk that syncs after the commit', () => {
  it('starts the next commit while the last one syncs, and answers each once it and every earlier one are on disk', async () => {
    const { commits, queue } = slowDisk();
    const [first, second] = await twoCommits(queue);
    // Both committed, neither on disk: nothing answered yet.
    expect(commits.map((c) => c.docIds)).toEqual([['a'], ['b']]);
    expect(await states([first, second])).toEqual(['pending', 'pending']);

    // The later sync lands first: its commit still waits for the earlier one's.
    commits[1]!.land();
    expect(await states([first, second])).toEqual(['pending', 'pending']);
    commits[0]!.land();
    expect(await states([first, second])).toEqual(['stored 1', 'stored 2']);
    await queue.flushed();
  });

  it('fails a commit whose sync failed and those made while it was under way, not those made after', async () => {
    const { commits, queue } = slowDisk();
    const [first, second] = await twoCommits(queue);
    commits[1]!.land();
    commits[0]!.fail(new Error('EIO'));
    expect(await states([first, second])).toEqual(['failed: EIO', 'failed: EIO']);

    const third = queue.append(batch('c'));
    await nextTurn();
    commits[2]!.land();
    expect(await states([third])).toEqual(['stored 3']);
  });

  it('flushed() waits for the disk, not only for the commit', async () => {
    const { commits, queue } = slowDisk();
    const stored = queue.append(batch('a'));
    let flushed = false;
    const flushing = queue.flushed().then(() => (flushed = true));
    await nextTurn();
    expect(commits).toHaveLength(1);
    expect(flushed).toBe(false);
    commits[0]!.land();
    await flushing;
    expect(await states([stored])).toEqual(['stored 1']);
  });
});
