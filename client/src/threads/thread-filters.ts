import type { AnchorRange } from '../../../shared/anchors';
import type { Person, Thread, ThreadStatus } from '../../../shared/schemas/threads';

/** What the panel lists: `all` lets everything through. */
export interface ThreadFilter {
  status: ThreadStatus | 'all';
  /** A tag id. */
  tag: string | 'all';
  /** A user id. */
  author: string | 'all';
}

export const noFilter: ThreadFilter = { status: 'all', tag: 'all', author: 'all' };

export function matchesFilter(thread: Thread, filter: ThreadFilter): boolean {
  return (
    (filter.status === 'all' || thread.status === filter.status) &&
    (filter.tag === 'all' || thread.tag?.id === filter.tag) &&
    (filter.author === 'all' || thread.author.id === filter.author)
  );
}

export interface FeedbackCounts {
  byStatus: Record<ThreadStatus, number>;
  /** Annotations per tag id. */
  byTag: Map<string, number>;
  /** Threads per author, with their names, most first. */
  authors: (Person & { count: number })[];
}

/**
 * Counts over every thread the reader may see, whatever the filters, as the
 * server counts them (threadCounts): deleted threads do not count. Computed
 * from the cached list, so they follow the live stream.
 */
export function countFeedback(threads: readonly Thread[]): FeedbackCounts {
  const byStatus: Record<ThreadStatus, number> = { open: 0, resolved: 0, accepted: 0, rejected: 0 };
  const byTag = new Map<string, number>();
  const authors = new Map<string, Person & { count: number }>();
  for (const thread of threads) {
    if (thread.deletedAt !== null) continue;
    byStatus[thread.status] += 1;
    if (thread.tag) byTag.set(thread.tag.id, (byTag.get(thread.tag.id) ?? 0) + 1);
    const author = authors.get(thread.author.id) ?? { ...thread.author, count: 0 };
    author.count += 1;
    authors.set(thread.author.id, author);
  }
  return { byStatus, byTag, authors: [...authors.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)) };
}

export interface PlacedThreads {
  /** In the order of their text in the document; threads not (yet) placed follow, oldest first. */
  listed: Thread[];
  /** Open threads whose text was deleted: shown apart with their original quote. */
  detached: Thread[];
}

/**
 * Splits and orders threads by where their anchors resolve now. `ranges`
 * holds null for a thread whose text is gone and nothing for one not
 * resolved yet; `settled` says whether the document has loaded, before which
 * nothing is called detached (a replica that lacks the text cannot tell).
 */
export function placeThreads(
  threads: readonly Thread[],
  ranges: ReadonlyMap<string, AnchorRange | null>,
  settled: boolean,
): PlacedThreads {
  const placed: { thread: Thread; at: number }[] = [];
  const unplaced: Thread[] = [];
  const detached: Thread[] = [];
  for (const thread of threads) {
    const range = ranges.get(thread.id);
    if (range) placed.push({ thread, at: range.from });
    else if (range === null && settled && thread.status === 'open' && thread.deletedAt === null) detached.push(thread);
    else unplaced.push(thread);
  }
  placed.sort((a, b) => a.at - b.at || a.thread.createdAt - b.thread.createdAt);
  return { listed: [...placed.map(({ thread }) => thread), ...unplaced], detached };
}
