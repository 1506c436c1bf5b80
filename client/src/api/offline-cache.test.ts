// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetOfflineReads, keepQueriesOnDevice, restoreSavedQueries } from './offline-cache';
import { queryKeys } from './queries';

const ana = { id: 'anaaaaaaaaaaaaaa', email: 'ana@example.test', name: 'Ana' };
const ben = { id: 'benbbbbbbbbbbbbb', email: 'ben@example.test', name: 'Ben' };
const home = { groups: [{ id: 'groupgroupgroupg', name: 'Team Blue' }], moreGroups: false };

/** A client as a page has it: the session's user and what the page showed, kept on this device. */
function signedIn(user: typeof ana | typeof ben) {
  const client = new QueryClient();
  const stop = keepQueriesOnDevice(client);
  client.setQueryData(queryKeys.me, user);
  client.setQueryData(queryKeys.home, home);
  return { client, stop };
}

/** Lets the save that follows a change run. */
const settle = () => vi.advanceTimersByTime(1_000);

describe('the query cache kept on this device', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the next visit what this one showed, for the same person', () => {
    const { stop } = signedIn(ana);
    settle();
    stop();

    const next = new QueryClient();
    restoreSavedQueries(next);
    expect(next.getQueryData(queryKeys.me)).toEqual(ana);
    expect(next.getQueryData(queryKeys.home)).toEqual(home);
    // Shown at once, and stale however recently saved: the page refreshes it as it opens.
    expect(next.getQueryCache().find({ queryKey: queryKeys.home })?.isStaleByTime(60_000)).toBe(true);
  });

  it('leaves nothing when the session ends, by signing out or by a 401', () => {
    const { client, stop } = signedIn(ana);
    settle();
    expect(localStorage.length).toBe(1);
    // What the session gate's 401 handling and sign-out both do.
    client.setQueryData(queryKeys.me, null);
    expect(localStorage.length).toBe(0);
    settle();
    expect(localStorage.length).toBe(0);
    stop();

    const next = new QueryClient();
    restoreSavedQueries(next);
    expect(next.getQueryData(queryKeys.home)).toBeUndefined();
  });

  it('forgets everything at sign-in and sign-out (forgetOfflineReads)', async () => {
    const { stop } = signedIn(ana);
    settle();
    stop();
    await forgetOfflineReads();
    expect(localStorage.length).toBe(0);
  });

  it('saves under the signed-in person: the next one to sign in on the device starts clean', () => {
    const first = signedIn(ana);
    settle();
    first.stop();
    const second = signedIn(ben);
    second.client.removeQueries({ queryKey: queryKeys.home });
    settle();
    second.stop();

    const next = new QueryClient();
    restoreSavedQueries(next);
    expect(next.getQueryData(queryKeys.me)).toEqual(ben);
    expect(next.getQueryData(queryKeys.home)).toBeUndefined();
  });

  it('keeps invite codes and password reset links in memory only', () => {
    const { client, stop } = signedIn(ana);
    client.setQueryData(queryKeys.invites('groupgroupgroupg'), { invites: [{ code: 'secretsecretsecret' }] });
    client.setQueryData(queryKeys.resetLink('resettokenresettoken'), { email: 'ana@example.test' });
    settle();
    stop();
    const saved = localStorage.getItem(localStorage.key(0)!);
    expect(saved).toContain('Ana');
    expect(saved).not.toContain('secretsecretsecret');
    expect(saved).not.toContain('resettokenresettoken');
  });

  it('drops what was saved more than a week ago', () => {
    const { stop } = signedIn(ana);
    settle();
    stop();
    const next = new QueryClient();
    restoreSavedQueries(next, Date.now() + 8 * 24 * 60 * 60 * 1000);
    expect(next.getQueryData(queryKeys.me)).toBeUndefined();
    expect(localStorage.length).toBe(0);
  });
});
