// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../app/render-routes';
import { SessionGate } from '../auth/session-gate';
import type { TeamWithMembers } from '../../../shared/schemas/courses';
import { ada, ben, cleo, courseId, team } from './course-test-data';
import { LearnerCourseSection } from './learner-course-section';
import { json, serveRoutes } from '../api/fake-server';

function renderAsAda(teams: TeamWithMembers[], cap: number | null) {
  renderRoutes([
    {
      path: '*',
      element: (
        <SessionGate>
          <LearnerCourseSection courseId={courseId} teams={teams} cap={cap} />
        </SessionGate>
      ),
    },
  ]);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const me = () => json(200, { user: ada });

describe('a learner’s course', () => {
  it('shows their team, who is in it, and its documents', async () => {
    const mine = team('o', 'Team Otter', [ada, ben]);
    serveRoutes({
      'GET /api/auth/me': me,
      [`GET /api/groups/${mine.id}/projects`]: () =>
        json(200, { projects: [{ id: 'pppppppppppppppp', groupId: mine.id, name: 'Osmosis lab', createdAt: 1, can: { createDocs: true } }], nextCursor: null }),
      'GET /api/projects/pppppppppppppppp/docs': () =>
        json(200, { docs: [{ id: 'dddddddddddddddd', projectId: 'pppppppppppppppp', title: 'Lab report', createdAt: 1, updatedAt: 1 }], nextCursor: null }),
    });
    renderAsAda([mine, team('p', 'Team Pelican', [cleo])], 4);
    const region = await screen.findByRole('region', { name: 'Team Otter' });
    expect(within(region).getByText('With Ben Okafor.')).toBeTruthy();
    expect((await within(region).findByRole('link', { name: 'Lab report' })).getAttribute('href')).toBe('/docs/dddddddddddddddd');
    // Other teams are not offered to someone who has one.
    expect(screen.queryByRole('button', { name: /^Join/ })).toBeNull();
  });

  it('with self-sign-up on, lists the teams with room and joins one', async () => {
    const full = team('f', 'Team Full', [ben, cleo]);
    let pelicans = team('p', 'Team Pelican', [cleo]);
    const joined: string[] = [];
    serveRoutes({
      'GET /api/auth/me': me,
      [`POST /api/groups/${courseId}/teams/${pelicans.id}/join`]: () => {
        joined.push(pelicans.id);
        pelicans = { ...pelicans, members: [...pelicans.members, { user: ada, role: 'member' }] };
        return json(200, { team: pelicans });
      },
      [`GET /api/groups/${courseId}/teams`]: () => json(200, { teams: [full, pelicans], selfSignup: { maxTeamSize: 2 } }),
      [`GET /api/groups/${courseId}/members`]: () => json(200, { members: [], nextCursor: null }),
    });
    renderAsAda([full, pelicans], 2);
    const list = await screen.findByRole('list', { name: 'Teams with room' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual([expect.stringContaining('Team Pelican · 1 of 2: Cleo Marsh')]);
    fireEvent.click(within(list).getByRole('button', { name: 'Join Team Pelican' }));
    await waitFor(() => expect(joined).toEqual([pelicans.id]));
  });

  it('without self-sign-up, says an instructor places them', async () => {
    serveRoutes({ 'GET /api/auth/me': me });
    renderAsAda([team('p', 'Team Pelican', [cleo])], null);
    expect(await screen.findByText(/An instructor of the course places you in one/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Join/ })).toBeNull();
  });
});
