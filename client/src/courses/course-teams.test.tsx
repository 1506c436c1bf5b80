// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../app/query-client';
import { renderRoutes } from '../app/render-routes';
import { queryKeys } from '../api/queries';
import { ada, ben, cleo, courseId, ines, roster, team } from './course-test-data';
import { CourseTeams } from './course-teams';
import { nextTeamName } from './new-team-form';
import { json, serveRoutes, type Answer } from '../api/fake-server';
import { stubModalDialogs } from '../ui/modal-dialog-stub';

/** The course is linked to no LMS unless a test answers otherwise. */
const unlinked: Record<string, Answer> = { [`GET /api/groups/${courseId}/lti`]: () => json(200, { link: null }) };
const serveCourse = (routes: Record<string, Answer>) => serveRoutes(routes, unlinked);

function renderCourse() {
  const client = createQueryClient();
  client.setQueryData(queryKeys.me, ines);
  renderRoutes([{ path: '*', element: <CourseTeams courseId={courseId} /> }], '/', client);
}

beforeAll(stubModalDialogs);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const otters = team('o', 'Team Otter', [ada]);
const selfSignup = { maxTeamSize: null };

describe('CourseTeams', () => {
  it('shows each team with its learners, and the learners in no team', async () => {
    serveCourse({
      [`GET /api/groups/${courseId}/teams`]: () => json(200, { teams: [otters, team('p', 'Team Pelican', [])], selfSignup }),
      [`GET /api/groups/${courseId}/members`]: () => json(200, { members: roster, nextCursor: null }),
    });
    renderCourse();
    const teams = await screen.findByRole('list', { name: 'Teams' });
    const otterCard = within(teams).getByRole('listitem', { name: 'Team Otter' });
    expect(within(otterCard).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(otterCard).getByText('1 learner')).toBeTruthy();
    expect(within(within(teams).getByRole('listitem', { name: 'Team Pelican' })).getByText('No learners yet.')).toBeTruthy();
    const unassigned = screen.getByRole('list', { name: 'Unassigned learners' });
    expect(within(unassigned).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('Ben Okafor'),
      expect.stringContaining('Cleo Marsh'),
    ]);
    // The instructor is in every team already: never listed as a learner.
    expect(screen.queryByText('Ines Instructor')).toBeNull();
    expect(screen.getByText(/2 teams · 3 learners · 2 in no team/)).toBeTruthy();
  });

  it('says how to start when the group has no teams yet', async () => {
    serveCourse({
      [`GET /api/groups/${courseId}/teams`]: () => json(200, { teams: [], selfSignup }),
      [`GET /api/groups/${courseId}/members`]: () => json(200, { members: roster, nextCursor: null }),
    });
    renderCourse();
    expect(await screen.findByRole('heading', { name: 'No teams yet' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import roster' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Form teams automatically' })).toBeTruthy();
  });

  it('forms a team by hand from the learners ticked', async () => {
    let teams = [otters];
    const created: unknown[] = [];
    serveCourse({
      [`GET /api/groups/${courseId}/teams`]: () => json(200, { teams, selfSignup }),
      [`GET /api/groups/${courseId}/members`]: () => json(200, { members: roster, nextCursor: null }),
      [`POST /api/groups/${courseId}/teams`]: (init) => {
        const body = JSON.parse(String(init?.body)) as { name: string; memberIds: string[] };
        created.push(body);
        const made = team('q', body.name, [ben, cleo].filter((learner) => body.memberIds.includes(learner.id)));
        teams = [otters, made];
        return json(201, { team: { id: made.id, name: made.name, parentId: courseId } });
      },
    });
    renderCourse();
    fireEvent.click(await screen.findByRole('button', { name: 'New team' }));
    const form = screen.getByRole('form', { name: 'New team' });
    expect((within(form).getByLabelText('Team name') as HTMLInputElement).value).toBe('Team 2');
    fireEvent.change(within(form).getByLabelText('Team name'), { target: { value: 'Team Heron' } });
    fireEvent.click(within(form).getByLabelText(/Ben Okafor/));
    // Ada is in a team already: offered, with where she is now.
    expect(within(form).getByLabelText(/Ada Lovelace/).closest('label')?.textContent).toContain('now in Team Otter');
    fireEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    const heron = await screen.findByRole('listitem', { name: 'Team Heron' });
    expect(within(heron).getByText('Ben Okafor')).toBeTruthy();
    expect(created).toEqual([{ name: 'Team Heron', memberIds: [ben.id] }]);
    await waitFor(() => expect(screen.queryByRole('form', { name: 'New team' })).toBeNull());
  });
});

describe('moving a learner', () => {
  it('moves a learner with “Move to team…” and shows them in their new team', async () => {
    const pelicans = team('p', 'Team Pelican', [ben]);
    let teams = [otters, pelicans];
    const placed: unknown[] = [];
    serveCourse({
      [`GET /api/groups/${courseId}/teams`]: () => json(200, { teams, selfSignup }),
      [`GET /api/groups/${courseId}/members`]: () => json(200, { members: roster, nextCursor: null }),
      [`POST /api/groups/${courseId}/teams/${pelicans.id}/members`]: (init) => {
        placed.push(JSON.parse(String(init?.body)));
        const moved = { ...pelicans, members: [...pelicans.members, { user: ada, role: 'member' as const }] };
        teams = [{ ...otters, members: [] }, moved];
        return json(200, { team: moved });
      },
    });
    renderCourse();
    fireEvent.click(await screen.findByRole('button', { name: 'Actions for Ada Lovelace' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Move to team…' }));
    const dialog = screen.getByRole('dialog', { name: 'Move Ada Lovelace' });
    expect(within(dialog).getByText(/Now in Team Otter/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Team'), { target: { value: pelicans.id } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'Team Pelican' })).queryByText('Ada Lovelace')).toBeTruthy());
    expect(placed).toEqual([{ userId: ada.id }]);
    expect(within(screen.getByRole('listitem', { name: 'Team Otter' })).getByText('No learners yet.')).toBeTruthy();
  });

  it('keeps the dialog open with the reason when deleting a team with work is refused', async () => {
    serveCourse({
      [`GET /api/groups/${courseId}/teams`]: () => json(200, { teams: [otters], selfSignup }),
      [`GET /api/groups/${courseId}/members`]: () => json(200, { members: roster, nextCursor: null }),
      [`DELETE /api/groups/${courseId}/teams/${otters.id}`]: () =>
        json(409, { error: { code: 'conflict', message: 'This team has work in its documents (writing or feedback), so it cannot be deleted.' } }),
    });
    renderCourse();
    fireEvent.click(await screen.findByRole('button', { name: 'More actions for Team Otter' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete team…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Team Otter?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    expect(await within(dialog).findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'Team Otter' })).toBeTruthy();
  });
});

describe('nextTeamName', () => {
  it('numbers after the teams there are, skipping a name taken', () => {
    expect(nextTeamName([])).toBe('Team 1');
    expect(nextTeamName(['Team 1', 'Team 2'])).toBe('Team 3');
    expect(nextTeamName(['Otters', 'team 2'])).toBe('Team 3');
  });
});
