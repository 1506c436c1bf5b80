import { describe, expect, it } from 'vitest';
import { syncAnnouncement } from '../doc/sync-announcements';
import { feedbackIds, newFeedback } from './feedback-announcements';
import { aReply, aThread, ada } from './thread-test-data';

const ben = { id: 'benbenbenbenbenb', name: 'Ben' };

describe('newFeedback', () => {
  it('announces others’ new threads and replies, not the reader’s own, nor what was there already, nor edits', () => {
    const before = [aThread('t1', { author: ben })];
    const seen = feedbackIds(before);
    const after = [
      // Edited and resolved since: not news.
      aThread('t1', { author: ben, body: 'Edited', status: 'resolved', replies: [aReply('r1', 't1', { author: ben }), aReply('r2', 't1', { author: ada })] }),
      aThread('t2', { author: ben, kind: 'suggestion' }),
      aThread('t3', { author: ada }),
    ];
    expect(newFeedback(seen, after, ada.id)).toEqual([
      { kind: 'feedback', what: 'reply', from: 'Ben' },
      { kind: 'feedback', what: 'suggestion', from: 'Ben' },
    ]);
    expect(newFeedback(feedbackIds(after), after, ada.id)).toEqual([]);
  });
});

describe('syncAnnouncement', () => {
  it('tells of trouble and of its end, never of saving as such', () => {
    expect(syncAnnouncement('saving', false)).toEqual({ message: null, troubled: false });
    expect(syncAnnouncement('saved', false)).toEqual({ message: null, troubled: false });
    const offline = syncAnnouncement('offline', false);
    expect(offline.message).toMatch(/^Offline/);
    expect(syncAnnouncement('saving', offline.troubled)).toEqual({ message: null, troubled: true });
    expect(syncAnnouncement('saved', true)).toEqual({ message: 'Back online. All changes saved.', troubled: false });
  });
});
