import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/permissions';
import { type AccessEvent, AccessEvents } from '../access-events';
import { type StreamCaller, type StreamControl, StreamHub, type StreamSink } from './stream-hub';

type Event = { type: 'note' };
type Reader = StreamCaller & { roles: Map<string, Role> };

function sink() {
  const written: (Event | StreamControl)[] = [];
  const sink: StreamSink<Event | StreamControl> = {
    send: async (event) => {
      written.push(event);
    },
    keepAlive: async () => {},
    close: async () => {},
    abort: () => {},
  };
  return { sink, written };
}

/** Follows memberships the way the feed does: a reader's groups, kept current. */
function follow(event: AccessEvent, who: Reader): void {
  if (event.type !== 'membership-changed' || event.userId !== who.userId) return;
  if (event.role === null) who.roles.delete(event.groupId);
  else who.roles.set(event.groupId, event.role);
}

const caller = { userId: 'uuuuuuuuuuuuuuuu', sessionId: 'ssssssssssssssss' };
const options = { heartbeatMs: 60_000, maxQueued: 10 };

describe('StreamHub access', () => {
  it('applies to a stream what was announced between its admission and its opening, and nothing from before', async () => {
    const accessEvents = new AccessEvents();
    const hub = new StreamHub<Reader, Event>(accessEvents, (who) => who.userId, options, follow);
    accessEvents.publish({ type: 'membership-changed', groupId: 'before', userId: caller.userId, role: null });
    const admission = hub.admit();
    accessEvents.publish({ type: 'membership-changed', groupId: 'joined', userId: caller.userId, role: 'member' });
    accessEvents.publish({ type: 'membership-changed', groupId: 'left', userId: caller.userId, role: null });
    const roles = new Map<string, Role>([
      ['before', 'member'],
      ['left', 'reviewer'],
    ]);
    const { sink: out, written } = sink();
    const subscription = admission.open({ ...caller, roles }, out);
    expect([...roles]).toEqual([
      ['before', 'member'],
      ['joined', 'member'],
    ]);
    expect(hub.count(caller.userId)).toBe(1);

    accessEvents.publish({ type: 'user-sessions-ended', userId: caller.userId });
    await subscription.done;
    expect(written).toEqual([{ type: 'ready' }, { type: 'end', reason: 'session-ended' }]);
    expect(hub.count(caller.userId)).toBe(0);
    await hub.stop();
  });

  it('ends a stream admitted before its session ended, once it opens', async () => {
    const accessEvents = new AccessEvents();
    const hub = new StreamHub<Reader, Event>(accessEvents, (who) => who.userId, options, follow);
    const admission = hub.admit();
    accessEvents.publish({ type: 'sessions-ended', sessionIds: [caller.sessionId] });
    const { sink: out, written } = sink();
    await admission.open({ ...caller, roles: new Map() }, out).done;
    expect(written).toEqual([{ type: 'ready' }, { type: 'end', reason: 'session-ended' }]);
    await hub.stop();
  });
});
