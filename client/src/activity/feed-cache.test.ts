import { describe, expect, it } from 'vitest';
import { unreadLimit } from '../../../shared/schemas/activity';
import { placesOf } from '../../../shared/feed-places';
import { feedSections, markSeen, mergeItems, newestShown, unreadBadge, unreadLabel } from './feed-cache';
import { aFeed, anItem, biology, chemistry, notes, report } from './feed-test-data';

const ids = (items: { id: number }[]) => items.map((item) => item.id);

describe('merging items from the live feed', () => {
  it('adds a new item in the feed’s order and counts it once, however often it arrives', () => {
    const feed = aFeed([anItem(5, { needsYou: 'mention' }), anItem(4), anItem(2)]);
    const once = mergeItems(feed, [anItem(3)]);
    expect(ids(once.items)).toEqual([5, 4, 3, 2]);
    expect(once.unread).toBe(4);

    // The stream may repeat an item the reload already had: no duplicate, no count.
    const twice = mergeItems(once, [anItem(3), anItem(4)]);
    expect(ids(twice.items)).toEqual([5, 4, 3, 2]);
    expect(twice.unread).toBe(4);
    expect(twice.places).toEqual(placesOf(twice.items));
  });

  it('puts what needs the reader first, by reason, then newest first, and counts it', () => {
    const feed = aFeed([anItem(5, { needsYou: 'reply' }), anItem(4), anItem(2)]);
    const merged = mergeItems(feed, [anItem(9), anItem(7, { needsYou: 'mention' }), anItem(8, { needsYou: 'reply' })]);
    expect(ids(merged.items)).toEqual([7, 8, 5, 9, 4, 2]);
    expect(merged.needsYou).toBe(3);
    expect(merged.unread).toBe(6);
  });

  it('places an editing session by when the writing happened, not by when it arrived', () => {
    const edit = { charsAdded: 5, charsRemoved: 0, wordsAdded: 1, wordsRemoved: 0, sections: [], fromUpdateId: 1, toUpdateId: 2, startedAt: 1_000, endedAt: 2_000 };
    // Recorded after the comment (a larger id), written before it.
    const session = anItem(9, { type: 'edit-session', at: edit.endedAt, edit });
    const merged = mergeItems(aFeed([anItem(8, { at: 3_000 }), anItem(4, { at: 1_500 })]), [session]);
    expect(ids(merged.items)).toEqual([8, 9, 4]);
  });

  it('keeps one item per editing session: ongoing ones replace each other, the finished one replaces them', () => {
    const writing = (sections: string[], at: number) =>
      anItem(-40, { type: 'edit-session', at, sessionId: 'sessionsessionse', ongoing: { startedAt: 1_000, sections, moreSections: 0 } });
    const feed = aFeed([anItem(4)]);
    const started = mergeItems(feed, [writing(['Methods'], 2_000)]);
    expect(ids(started.items)).toEqual([4]);
    expect(started.unread).toBe(1);
    expect(started.ongoing?.map((item) => item.ongoing?.sections)).toEqual([['Methods']]);
    const further = mergeItems(started, [writing(['Methods', 'Results'], 3_000)]);
    expect(further.ongoing?.map((item) => item.ongoing?.sections)).toEqual([['Methods', 'Results']]);

    const edit = { charsAdded: 5, charsRemoved: 0, wordsAdded: 1, wordsRemoved: 0, sections: [], fromUpdateId: 40, toUpdateId: 42, startedAt: 1_000, endedAt: 3_000 };
    const finished = mergeItems(further, [anItem(9, { type: 'edit-session', at: 3_000, edit, sessionId: 'sessionsessionse' })]);
    expect(finished.ongoing).toEqual([]);
    expect(ids(finished.items)).toEqual([4, 9]);
    expect(finished.unread).toBe(2);
    // An ongoing item that arrives after its session's finished one is stale.
    expect(mergeItems(finished, [writing(['Methods', 'Results'], 3_000)]).ongoing).toEqual([]);
    // Marking read: the editing is no longer news until its writer writes again.
    expect(markSeen(further, 0).ongoing).toEqual([]);
  });

  it('replaces a repeated item with its newer version (a thread settled meanwhile)', () => {
    const feed = aFeed([anItem(5, { needsYou: 'thread-on-your-text' }), anItem(4)]);
    const merged = mergeItems(feed, [anItem(5, { needsYou: null, text: 'Settled' })]);
    expect(merged.items.map((item) => [item.id, item.text])).toEqual([
      [5, 'Settled'],
      [4, 'Item 4'],
    ]);
    expect(merged.needsYou).toBe(0);
    expect(merged.unread).toBe(2);
  });

  it('keeps counting at the server’s limit', () => {
    const merged = mergeItems(aFeed([anItem(1)], { unread: unreadLimit }), [anItem(2)]);
    expect(merged.unread).toBe(unreadLimit);
  });

  it('returns the same feed when nothing arrived', () => {
    const feed = aFeed([anItem(1)]);
    expect(mergeItems(feed, [])).toBe(feed);
  });
});

describe('places and sections', () => {
  it('groups items by document, else by group, in the order of each place’s first item', () => {
    const items = [
      anItem(9, { doc: notes }),
      anItem(8),
      anItem(7, { doc: null, project: null, group: chemistry, type: 'member-joined' }),
      anItem(6, { doc: notes }),
      anItem(5),
    ];
    expect(placesOf(items).map((place) => [place.doc?.title ?? place.group.name, place.itemIds])).toEqual([
      ['Lab notes', [9, 6]],
      ['Final report', [8, 5]],
      ['Chemistry', [7]],
    ]);
  });

  it('lists what needs the reader once, first, and the rest by group and place with the group’s health', () => {
    const health = { group: biology, sentences: ['Ben has not contributed this week.'], unansweredThreads: 0, quietMembers: [], dominantWriter: null };
    const feed = aFeed(
      [
        anItem(10, { needsYou: 'mention' }),
        anItem(9, { doc: notes }),
        anItem(8, { doc: null, project: null, group: chemistry }),
        anItem(7),
        anItem(6, { doc: notes }),
      ],
      { health: [health] },
    );
    const sections = feedSections(feed);
    expect(ids(sections.needsYou)).toEqual([10]);
    expect(
      sections.groups.map((group) => [group.group.name, group.health?.sentences ?? null, group.places.map((place) => [place.place.doc?.title ?? null, ids(place.items)])]),
    ).toEqual([
      [
        'Biology',
        ['Ben has not contributed this week.'],
        [
          ['Lab notes', [9, 6]],
          ['Final report', [7]],
        ],
      ],
      ['Chemistry', null, [[null, [8]]]],
    ]);
  });
});

describe('marking as read', () => {
  const feed = aFeed([
    anItem(10, { needsYou: 'mention' }),
    anItem(9, { group: chemistry, doc: report }),
    anItem(8),
  ]);

  it('marks up to the newest item shown, in all groups or in one', () => {
    expect(newestShown(feed)).toBe(10);
    expect(newestShown(feed, chemistry.id)).toBe(9);
    expect(newestShown(aFeed([]))).toBeUndefined();
  });

  it('drops everything marked, and the summary with it', () => {
    const marked = markSeen(feed, 0, { upTo: 10 });
    expect(marked.items).toEqual([]);
    expect(marked.places).toEqual([]);
    expect(marked.sentences).toEqual([]);
    expect(marked.summary).toBe('');
    expect([marked.unread, marked.needsYou]).toEqual([0, 0]);
  });

  it('ends a first visit: from then on there is a last visit to speak of', () => {
    expect(markSeen(aFeed([anItem(8)], { firstVisit: true }), 0, { upTo: 8 }).firstVisit).toBe(false);
  });

  it('keeps an item that arrived after the newest one marked', () => {
    const marked = markSeen(mergeItems(feed, [anItem(11)]), 1, { upTo: 10 });
    expect(ids(marked.items)).toEqual([11]);
    expect(marked.unread).toBe(1);
  });

  it('drops only one group’s items when marking a group', () => {
    const marked = markSeen(feed, 2, { upTo: 9, groupId: chemistry.id });
    expect(ids(marked.items)).toEqual([10, 8]);
    expect(marked.needsYou).toBe(1);
    expect(marked.sentences).toEqual(['Ana commented.']);
  });
});

describe('the unread count', () => {
  it('shows nothing at zero, the number up to 99, then 99+', () => {
    expect([0, 1, 99, 100, 5000].map(unreadBadge)).toEqual([null, '1', '99', '99+', '99+']);
  });
  it('says it in words, up to the server’s limit', () => {
    expect(unreadLabel(0)).toBe('Nothing unread');
    expect(unreadLabel(3)).toBe('3 unread');
    expect(unreadLabel(unreadLimit)).toBe('1,000+ unread');
  });
});
