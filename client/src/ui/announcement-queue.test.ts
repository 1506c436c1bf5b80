import { describe, expect, it } from 'vitest';
import { AnnouncementQueue, coalesce, type Announcement, type AnnouncerClock } from './announcement-queue';

/** A clock that moves only when told, running what falls due. */
function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const clock: AnnouncerClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle) => timers.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [handle, timer] of [...timers].sort(([, a], [, b]) => a.at - b.at)) {
      if (timer.at > now) continue;
      timers.delete(handle);
      timer.run();
    }
  };
  return { clock, advance, pending: () => timers.size };
}

function announcer() {
  const spoken: string[] = [];
  const time = manualClock();
  const queue = new AnnouncementQueue((message) => spoken.push(message), time.clock, 2000);
  return { spoken, queue, ...time };
}

const comment = (from: string): Announcement => ({ kind: 'feedback', what: 'comment', from });
const reply = (from: string): Announcement => ({ kind: 'feedback', what: 'reply', from });
const sync = (message: string): Announcement => ({ kind: 'status', topic: 'sync', message });

describe('coalesce', () => {
  it('names the author of one item, counts several, and says the author when all are theirs', () => {
    expect(coalesce([comment('Ana')])).toBe('New comment from Ana');
    expect(coalesce([comment('Ana'), comment('Ben'), comment('Cy')])).toBe('3 new comments');
    expect(coalesce([comment('Ana'), reply('Ana')])).toBe('1 new comment and 1 new reply from Ana');
    expect(coalesce([reply('Ana'), comment('Ben'), reply('Cy'), { kind: 'feedback', what: 'suggestion', from: 'Cy' }])).toBe(
      '1 new comment, 1 new suggestion and 2 new replies',
    );
  });

  it('keeps the latest word of each status topic, before the feedback', () => {
    expect(coalesce([sync('Offline'), comment('Ana'), sync('Back online')])).toBe('Back online. New comment from Ana');
    expect(coalesce([])).toBe('');
  });
});

describe('AnnouncementQueue', () => {
  it('speaks the first announcement at once, then at most once per 2 s, merging what waited into counts', () => {
    const { spoken, queue, advance } = announcer();
    queue.announce(comment('Ana'));
    expect(spoken).toEqual(['New comment from Ana']);
    queue.announce(comment('Ben'));
    queue.announce(comment('Cy'));
    queue.announce(reply('Dee'));
    advance(1999);
    expect(spoken).toHaveLength(1);
    advance(1);
    expect(spoken).toEqual(['New comment from Ana', '2 new comments and 1 new reply']);
    // After a quiet spell, the next one is spoken at once again.
    advance(5000);
    queue.announce(reply('Ana'));
    expect(spoken.at(-1)).toBe('New reply from Ana');
  });

  it('never speaks more than once in any 2 s, however many arrive', () => {
    const { spoken, queue, advance, clock } = announcer();
    const times: number[] = [];
    const timed = new AnnouncementQueue(
      (message) => {
        times.push(clock.now());
        spoken.push(message);
      },
      clock,
      2000,
    );
    for (let i = 0; i < 100; i += 1) {
      timed.announce(comment(`Person ${i}`));
      advance(97);
    }
    advance(2000);
    expect(times.length).toBeLessThanOrEqual(Math.ceil((100 * 97) / 2000) + 1);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2000);
    // Every comment was counted in some announcement.
    const counted = spoken.reduce((sum, message) => sum + (message.startsWith('New comment') ? 1 : Number(message.split(' ')[0])), 0);
    expect(counted).toBe(100);
    queue.stop();
  });

  it('says a status only when it changed from what was last said: a flap within the gap says nothing', () => {
    const { spoken, queue, advance } = announcer();
    queue.announce(sync('Offline'));
    expect(spoken).toEqual(['Offline']);
    queue.announce(sync('Back online'));
    queue.announce(sync('Offline'));
    advance(2000);
    expect(spoken).toEqual(['Offline']);
    queue.announce(sync('Offline'));
    advance(2000);
    expect(spoken).toEqual(['Offline']);
    queue.announce(sync('Back online'));
    advance(2000);
    expect(spoken).toEqual(['Offline', 'Back online']);
  });

  it('drops what waits when stopped', () => {
    const { spoken, queue, advance, pending } = announcer();
    queue.announce(comment('Ana'));
    queue.announce(comment('Ben'));
    queue.stop();
    expect(pending()).toBe(0);
    advance(5000);
    expect(spoken).toEqual(['New comment from Ana']);
  });
});
