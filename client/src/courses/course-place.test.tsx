// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../app/query-client';
import { ada, courseId, team } from './course-test-data';
import { useCoursePlace } from './course-place';
import { courseKeys } from './course-queries';
import { json } from '../api/fake-server';

let answer: () => Response;

function placeOf(manages: boolean, isTeam = false) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => answer()),
  );
  const client = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const hook = renderHook(() => useCoursePlace(courseId, manages, isTeam), { wrapper });
  /** Waits for the teams' answer, so that what is asserted next is the place given it, not the place while loading. */
  const answered = () => waitFor(() => expect(client.getQueryState(courseKeys.teams(courseId))?.status).not.toBe('pending'));
  return { ...hook, answered };
}

const selfSignup = { maxTeamSize: null };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('useCoursePlace', () => {
  it('puts a course’s teams first, for instructors and learners alike', async () => {
    answer = () => json(200, { teams: [team('o', 'Team Otter', [ada])], selfSignup });
    const learner = placeOf(false);
    await waitFor(() => expect(learner.result.current).toBe('top'));
  });

  it('offers instructors of a group without teams to make it a course, below the rest, and keeps it there once teams exist', async () => {
    answer = () => json(200, { teams: [], selfSignup });
    const instructor = placeOf(true);
    expect(instructor.result.current).toBeNull();
    await waitFor(() => expect(instructor.result.current).toBe('bottom'));
    answer = () => json(200, { teams: [team('o', 'Team Otter', [ada])], selfSignup });
    instructor.rerender();
    expect(instructor.result.current).toBe('bottom');
  });

  it('shows nothing to a learner of a group without teams, on a team, or where the server refuses', async () => {
    answer = () => json(200, { teams: [], selfSignup });
    const learner = placeOf(false);
    await learner.answered();
    expect(learner.result.current).toBeNull();
    cleanup();
    const onTeam = placeOf(true, true);
    await onTeam.answered();
    expect(onTeam.result.current).toBeNull();
    cleanup();
    answer = () => json(400, { error: { code: 'bad_request', message: 'A team cannot have teams of its own.' } });
    const refused = placeOf(true);
    await refused.answered();
    expect(refused.result.current).toBeNull();
  });
});
