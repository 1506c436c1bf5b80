// @vitest-environment jsdom
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LmsLink as Link } from '../../../shared/schemas/lti';
import { createQueryClient } from '../app/query-client';
import { courseKeys } from './course-queries';
import { courseId } from './course-test-data';
import { LmsLink, sinceText } from './lms-link';
import { json, serveRoutes } from '../api/fake-server';

function renderLink(): { client: QueryClient; container: HTMLElement } {
  const client = createQueryClient();
  // The course view's teams and roster, already read: a sync must make them stale.
  client.setQueryData(courseKeys.teams(courseId), { teams: [], selfSignup: { maxTeamSize: null } });
  client.setQueryData(courseKeys.roster(courseId), []);
  const { container } = render(
    <QueryClientProvider client={client}>
      <LmsLink courseId={courseId} />
    </QueryClientProvider>,
  );
  return { client, container };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const minute = 60_000;
const linkPath = `/api/groups/${courseId}/lti`;

describe('LmsLink', () => {
  it('offers a linked course’s instructors a roster sync and teams from LMS groups, says what each did, and refreshes the course', async () => {
    let link: Link = { title: 'Biology 101', platform: 'https://lms.example', rosterSyncedAt: Date.now() - 5 * minute, offersRoster: true, offersGroups: true };
    let refuse = true;
    // The second sync's answer waits for the test, so its pending state can be seen.
    let answerSync = () => {};
    const syncAnswered = new Promise<void>((resolve) => (answerSync = resolve));
    serveRoutes({
      [`GET ${linkPath}`]: () => json(200, { link }),
      [`POST ${linkPath}/roster-sync`]: async () => {
        if (refuse) return json(503, { error: { code: 'unavailable', message: 'The LMS refused the request for an access token (HTTP 401: invalid_client).' } });
        await syncAnswered;
        link = { ...link, rosterSyncedAt: Date.now() };
        return json(200, { added: 3, removed: 1, unchanged: 20, syncedAt: link.rosterSyncedAt });
      },
      [`POST ${linkPath}/teams-from-groups`]: () =>
        json(200, { created: [{ id: 'r'.repeat(16), name: 'Red', members: 2 }, { id: 'b'.repeat(16), name: 'Blue', members: 1 }], existing: 0 }),
    });
    const { client } = renderLink();
    const strip = await screen.findByRole('region', { name: 'LMS' });
    expect(within(strip).getByRole('status').textContent).toBe('Last synced 5 minutes ago');

    // The LMS's refusal in its own words, not "the server is down".
    fireEvent.click(within(strip).getByRole('button', { name: 'Sync roster from Biology 101' }));
    expect((await within(strip).findByRole('alert')).textContent).toContain('The LMS refused the request for an access token');

    refuse = false;
    fireEvent.click(within(strip).getByRole('button', { name: 'Sync roster from Biology 101' }));
    expect(await within(strip).findByRole('button', { name: 'Syncing roster…' })).toHaveProperty('disabled', true);
    expect(within(strip).getByRole('button', { name: 'Teams from LMS groups' })).toHaveProperty('disabled', true);
    answerSync();
    await waitFor(() => expect(within(strip).getByRole('status').textContent).toBe('Last synced just now · 3 joined, 1 left, 20 unchanged'));
    expect(within(strip).queryByRole('alert')).toBeNull();
    expect(client.getQueryState(courseKeys.teams(courseId))?.isInvalidated).toBe(true);
    expect(client.getQueryState(courseKeys.roster(courseId))?.isInvalidated).toBe(true);

    fireEvent.click(within(strip).getByRole('button', { name: 'Teams from LMS groups' }));
    await waitFor(() => expect(within(strip).getByRole('status').textContent).toBe('Last synced just now · 2 teams made'));
  });

  it('shows nothing for a course linked to no LMS', async () => {
    const fetch = serveRoutes({ [`GET ${linkPath}`]: () => json(200, { link: null }) });
    const { client, container } = renderLink();
    await waitFor(() => expect(client.getQueryState(courseKeys.lmsLink(courseId))?.status).toBe('success'));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(container.innerHTML).toBe('');
  });
});

describe('sinceText', () => {
  it('says how long ago in the largest unit that fits', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(sinceText(now - 20_000, now)).toBe('just now');
    expect(sinceText(now - 125 * minute, now)).toBe('2 hours ago');
    expect(sinceText(now - 24 * 60 * minute, now)).toBe('yesterday');
  });
});
