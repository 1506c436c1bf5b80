import { describe, expect, it } from 'vitest';
import type { AccessEvent } from './access-events';
import { type AccessEnd, accessVerdict, AdmissionWindow, type ConnectionHolder } from './connection-access';

const user = 'uuuuuuuuuuuuuuuu';
const session = 'ssssssssssssssss';
const group = 'gggggggggggggggg';
const other = 'oooooooooooooooo';

/** A document's socket or feedback stream: scoped to one group, opened as a member. */
const inGroup: ConnectionHolder = { userId: user, sessionId: session, groupId: group, role: 'member' };
/** The feed: every group of the user. */
const allGroups: ConnectionHolder = { userId: user, sessionId: session, roles: new Map([[group, 'member']]) };

/** Every event kind, for a connection it concerns and one it does not: the end for a group connection, then for the feed. */
const table: [string, AccessEvent, AccessEnd | null, AccessEnd | null][] = [
  ['its session ended', { type: 'sessions-ended', sessionIds: [other, session] }, 'session-ended', 'session-ended'],
  ['other sessions ended', { type: 'sessions-ended', sessionIds: [other] }, null, null],
  ['every session of its user ended', { type: 'user-sessions-ended', userId: user }, 'session-ended', 'session-ended'],
  ['every other session of its user ended', { type: 'user-sessions-ended', userId: user, keepSessionId: session }, null, null],
  ['every session but another of its user ended', { type: 'user-sessions-ended', userId: user, keepSessionId: other }, 'session-ended', 'session-ended'],
  ["another user's sessions ended", { type: 'user-sessions-ended', userId: other }, null, null],
  ['its user left its group', { type: 'membership-changed', groupId: group, userId: user, role: null }, 'access-revoked', null],
  ["its user's role changed in its group", { type: 'membership-changed', groupId: group, userId: user, role: 'reviewer' }, 'role-changed', null],
  ["its user's role was set to the same", { type: 'membership-changed', groupId: group, userId: user, role: 'member' }, null, null],
  ['its user left another group', { type: 'membership-changed', groupId: other, userId: user, role: null }, null, null],
  ['its user joined another group', { type: 'membership-changed', groupId: other, userId: user, role: 'instructor' }, null, null],
  ['another user left its group', { type: 'membership-changed', groupId: group, userId: other, role: null }, null, null],
  ["another user's role changed in its group", { type: 'membership-changed', groupId: group, userId: other, role: 'reviewer' }, null, null],
  ['events may have been missed', { type: 'events-missed' }, 'admission-expired', 'admission-expired'],
];

describe('accessVerdict', () => {
  it.each(table)('%s', (_what, event, forGroup, forFeed) => {
    expect(accessVerdict(event, inGroup)).toBe(forGroup);
    expect(accessVerdict(event, allGroups)).toBe(forFeed);
  });
});

describe('AdmissionWindow', () => {
  const removed: AccessEvent = { type: 'membership-changed', groupId: group, userId: user, role: null };
  const loggedOut: AccessEvent = { type: 'sessions-ended', sessionIds: [session] };
  const unrelated: AccessEvent = { type: 'sessions-ended', sessionIds: [other] };
  const judge = (event: AccessEvent) => accessVerdict(event, inGroup);

  it('judges the events heard after the ticket, not before, and answers with the first that ends', () => {
    const heard = new AdmissionWindow();
    heard.hear(removed);
    const ticket = heard.ticket();
    expect(heard.missed(ticket, judge)).toBeNull();
    heard.hear(unrelated);
    expect(heard.missed(ticket, judge)).toBeNull();
    heard.hear(loggedOut);
    heard.hear(removed);
    expect(heard.missed(ticket, judge)).toBe('session-ended');
    expect(heard.missed(heard.ticket(), judge)).toBeNull();
  });

  it('passes every event heard since the ticket, in order, until one ends', () => {
    const heard = new AdmissionWindow();
    const ticket = heard.ticket();
    heard.hear(unrelated);
    heard.hear(removed);
    heard.hear(loggedOut);
    const seen: AccessEvent[] = [];
    expect(heard.missed(ticket, (event) => (seen.push(event), judge(event)))).toBe('access-revoked');
    expect(seen).toEqual([unrelated, removed]);
  });

  it('has a connection admitted before what it forgot by age checked again', () => {
    let now = 0;
    const heard = new AdmissionWindow({ keepMs: 1000, maxEvents: 100 }, () => now);
    const old = heard.ticket();
    heard.hear(unrelated);
    const recent = heard.ticket();
    now = 1001;
    heard.hear(unrelated);
    expect(heard.missed(old, judge)).toBe('admission-expired');
    expect(heard.missed(recent, judge)).toBeNull();
  });

  it('has a connection admitted before what it forgot by number checked again', () => {
    const heard = new AdmissionWindow({ keepMs: 60_000, maxEvents: 2 });
    const old = heard.ticket();
    heard.hear(unrelated);
    const recent = heard.ticket();
    heard.hear(unrelated);
    heard.hear(loggedOut);
    expect(heard.missed(old, judge)).toBe('admission-expired');
    expect(heard.missed(recent, judge)).toBe('session-ended');
  });

  it('keeps a connection admitted long ago when nothing was heard since', () => {
    let now = 0;
    const heard = new AdmissionWindow({ keepMs: 1000, maxEvents: 100 }, () => now);
    heard.hear(unrelated);
    const ticket = heard.ticket();
    now = 10_000;
    expect(heard.missed(ticket, judge)).toBeNull();
  });
});
