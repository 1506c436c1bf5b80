import type { FeedItem, FeedPlace } from './schemas/activity';

/**
 * Feed items by place (a document, else its group), in the order of each
 * place's first item: the server presents a feed's `places` with it, and the
 * client recomputes them the same way when live items join its cached feed.
 */
export function placesOf(items: readonly FeedItem[]): FeedPlace[] {
  const places = new Map<string, FeedPlace>();
  for (const item of items) {
    const key = item.doc ? `doc ${item.doc.id}` : `group ${item.group.id}`;
    let place = places.get(key);
    if (!place) places.set(key, (place = { group: item.group, project: item.project, doc: item.doc, itemIds: [] }));
    place.itemIds.push(item.id);
  }
  return [...places.values()];
}
