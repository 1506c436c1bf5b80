import {
  needsYouReasons,
  unreadLimit,
  type FeedItem,
  type FeedPlace,
  type FeedResponse,
  type GroupHealth,
} from '../../../shared/schemas/activity';
import { placesOf } from '../../../shared/feed-places';

/**
 * The cached feed kept current on the client: items that arrive on the
 * live stream are merged in the server's order, and read positions applied,
 * without a reload. Pure functions over `FeedResponse`, so that the cache
 * only ever holds what the server could have answered.
 */

/** How pressing an item is: the reasons in their listed order, then items that do not need the reader. */
function rankOf(item: FeedItem): number {
  return item.needsYou === null ? needsYouReasons.length : needsYouReasons.indexOf(item.needsYou);
}

/**
 * The feed's order (server/features/activity/feed-entries.ts): needs-you first
 * by reason, then newest by when it happened (`at`: an editing session's
 * last edit, though it arrives a while later), then by id.
 */
export function feedOrder(a: FeedItem, b: FeedItem): number {
  return rankOf(a) - rankOf(b) || b.at - a.at || b.id - a.id;
}

/** Counts stop at the server's limit, as `unread` does. */
const capped = (count: number) => Math.min(count, unreadLimit);

/**
 * Adds items from the stream. An item the feed already holds (the stream
 * may repeat what a reload brought) replaces it and counts nothing again.
 * The summary sentences are the server's and stay until the next reload.
 *
 * Ongoing editing (items with `ongoing`) is kept apart, one item per
 * editing session: a newer one replaces the one of its session, and the
 * finished item of that session (same `sessionId`) removes it; an ongoing
 * item that comes after its session's finished one is dropped.
 */
export function mergeItems(feed: FeedResponse, arrived: readonly FeedItem[]): FeedResponse {
  if (arrived.length === 0) return feed;
  const byId = new Map(feed.items.map((item) => [item.id, item]));
  let ongoing = feed.ongoing ?? [];
  let unread = feed.unread;
  let needsYou = feed.needsYou;
  for (const item of arrived) {
    if (item.ongoing) {
      const finished = [...byId.values()].some((known) => known.sessionId === item.sessionId);
      if (!finished) ongoing = [item, ...ongoing.filter((known) => known.sessionId !== item.sessionId)];
      continue;
    }
    if (item.sessionId) ongoing = ongoing.filter((known) => known.sessionId !== item.sessionId);
    const known = byId.get(item.id);
    if (!known) {
      unread += 1;
      if (item.needsYou) needsYou += 1;
    } else if (!known.needsYou !== !item.needsYou) {
      needsYou += item.needsYou ? 1 : -1;
    }
    byId.set(item.id, item);
  }
  const items = [...byId.values()].sort(feedOrder);
  const live = feed.ongoing || ongoing.length > 0 ? { ongoing: [...ongoing].sort((a, b) => b.at - a.at) } : {};
  return { ...feed, items, places: placesOf(items), unread: capped(unread), needsYou: Math.max(0, needsYou), ...live };
}

/** What `POST /api/feed/seen` marked: up to an item (else everything), in one group (else every group). */
export interface SeenScope {
  upTo?: number;
  groupId?: string;
}

/** The newest item the reader has in front of them, in a group or in all: what "mark as read" marks up to. */
export function newestShown(feed: FeedResponse, groupId?: string): number | undefined {
  const ids = feed.items.filter((item) => groupId === undefined || item.group.id === groupId).map((item) => item.id);
  return ids.length === 0 ? undefined : Math.max(...ids);
}

/**
 * After `POST /api/feed/seen`: the items it covered leave the feed; `unread`
 * is the server's new count. Items that arrived meanwhile (newer than
 * `upTo`) stay. The summary described what is gone, so it goes with it
 * when nothing is left; otherwise the next reload rewrites it. Marking is a
 * visit: the reader's first visit is over, and editing going on in the
 * groups marked is no longer news until its writer writes again (the
 * stream sends it then).
 */
export function markSeen(feed: FeedResponse, unread: number, scope: SeenScope = {}): FeedResponse {
  const covered = (item: FeedItem) =>
    (scope.upTo === undefined || item.id <= scope.upTo) && (scope.groupId === undefined || item.group.id === scope.groupId);
  const items = feed.items.filter((item) => !covered(item));
  const empty = items.length === 0;
  return {
    ...feed,
    items,
    places: placesOf(items),
    sentences: empty ? [] : feed.sentences,
    summary: empty ? '' : feed.summary,
    unread,
    needsYou: items.filter((item) => item.needsYou !== null).length,
    hasMore: empty ? unread > 0 : feed.hasMore,
    firstVisit: false,
    ...(feed.ongoing ? { ongoing: feed.ongoing.filter((item) => scope.groupId !== undefined && item.group.id !== scope.groupId) } : {}),
  };
}

/** One place with its items, for display. */
export interface PlaceItems {
  key: string;
  place: FeedPlace;
  items: FeedItem[];
}

/** One group's part of the digest: its places, and its health when the reader may see it. */
export interface GroupDigest {
  group: { id: string; name: string };
  places: PlaceItems[];
  health: GroupHealth | null;
}

export interface FeedSections {
  /** Items that need the reader, in the feed's order; listed once, here only. */
  needsYou: FeedItem[];
  /** The other items by group, then by place, in the order of their first item. */
  groups: GroupDigest[];
}

/** The digest's layout: what needs the reader first, then the rest by group and place. */
export function feedSections(feed: FeedResponse): FeedSections {
  const needsYou = feed.items.filter((item) => item.needsYou !== null);
  const rest = feed.items.filter((item) => item.needsYou === null);
  const groups = new Map<string, GroupDigest>();
  for (const place of placesOf(rest)) {
    let group = groups.get(place.group.id);
    if (!group) {
      const health = feed.health.find((entry) => entry.group.id === place.group.id) ?? null;
      groups.set(place.group.id, (group = { group: place.group, places: [], health }));
    }
    const items = place.itemIds.map((id) => rest.find((item) => item.id === id)).filter((item) => item !== undefined);
    group.places.push({ key: place.doc ? `doc-${place.doc.id}` : `group-${place.group.id}`, place, items });
  }
  return { needsYou, groups: [...groups.values()] };
}

/** The unread count as a badge shows it: nothing at zero, "99+" beyond. */
export function unreadBadge(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** The unread count in words, for screen readers and the digest's head. */
export function unreadLabel(unread: number): string {
  if (unread <= 0) return 'Nothing unread';
  const count = unread >= unreadLimit ? `${unreadLimit.toLocaleString('en')}+` : unread.toLocaleString('en');
  return `${count} unread`;
}
