// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dimensionLevels, dimensions, type InstructorEvaluation, type LearnerEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { json, serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import { TeammateEvaluationSection } from './teammate-evaluation-section';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const assignmentId = 'assignmentxxxxxx';
const path = `/api/assignments/${assignmentId}/teammate-evaluation`;
const ada = { id: 'adaxxxxxxxxxxxxx', name: 'Ada', email: 'ada@example.test' };
const ben = { id: 'benxxxxxxxxxxxxx', name: 'Ben', email: 'ben@example.test' };
const team = { id: 'teamxxxxxxxxxxxx', name: 'Team Otter' };

const open: LearnerEvaluation = {
  view: 'learner',
  state: 'open',
  opensAt: 1,
  releasedAt: null,
  team,
  ratees: [
    { user: ada, self: true },
    { user: ben, self: false },
  ],
  submitted: null,
  result: null,
};

function renderSection() {
  renderRoutes([{ path: '/', element: <TeammateEvaluationSection assignmentId={assignmentId} /> }]);
}

describe('a learner’s teammate evaluation', () => {
  it('names what is left unrated instead of sending, then sends every rating with the comments at once', async () => {
    let sent: unknown = null;
    const all = (n: number) => Object.fromEntries(dimensions.map((dimension) => [dimension, n]));
    serveRoutes({
      [`GET ${path}`]: () => json(200, open),
      [`PUT ${path}`]: (init) => {
        sent = JSON.parse(String(init?.body));
        return json(200, {
          ...open,
          state: 'submitted',
          submitted: { submittedAt: 1, ratings: [{ ratee: ada, scores: all(4), comment: null }, { ratee: ben, scores: all(3), comment: 'Kept us going' }] },
        });
      },
    });
    renderSection();
    const form = await screen.findByRole('form', { name: 'Your teammate evaluation' });
    // What each level looks like is on the form, once per dimension.
    expect(within(form).getByText(dimensionLevels.contributing.levels[1])).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Send my evaluation' }));
    const alert = within(form).getByRole('alert');
    expect(within(alert).getAllByRole('listitem')).toHaveLength(10);
    expect(sent).toBeNull();

    for (const dimension of dimensions) {
      fireEvent.click(within(within(form).getByRole('group', { name: `${dimensionLevels[dimension].title}: Ada (you)` })).getByRole('radio', { name: '4' }));
      fireEvent.click(within(within(form).getByRole('group', { name: `${dimensionLevels[dimension].title}: Ben` })).getByRole('radio', { name: '3' }));
    }
    fireEvent.change(within(form).getByLabelText('About Ben'), { target: { value: ' Kept us going ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send my evaluation' }));
    await screen.findByText(/^Sent .*: your ratings$/);
    expect(sent).toEqual({
      ratings: [
        { rateeId: ada.id, scores: all(4) },
        { rateeId: ben.id, scores: all(3), comment: 'Kept us going' },
      ],
    });
    expect(screen.getByText('Your result appears here once your instructor releases it.')).toBeTruthy();
  });

  it('says when it opens, and shows a released result as averages only', async () => {
    serveRoutes({ [`GET ${path}`]: () => json(200, { ...open, state: 'not-open', opensAt: Date.parse('2099-01-01T12:00:00Z') }) });
    renderSection();
    expect(await screen.findByText('Not open yet')).toBeTruthy();
    cleanup();

    serveRoutes({
      [`GET ${path}`]: () =>
        json(200, {
          ...open,
          state: 'closed',
          releasedAt: 2,
          result: { byOthers: 3.8, byOthersPerDimension: Object.fromEntries(dimensions.map((d) => [d, 3.8])), raters: 1, self: null, teamAverage: 4, factor: 0.95 },
        }),
    });
    renderSection();
    const result = await screen.findByRole('region', { name: 'Your result' });
    expect(result.textContent).toContain('Your teammates rated you 3.80 of 5 on average (1 teammate)');
    expect(result.textContent).toContain('0.95');
    expect(screen.getByText(/closed before you sent yours/)).toBeTruthy();
  });
});

const member = (user: typeof ada, extra: Partial<InstructorEvaluation['teams'][number]['members'][number]>) => ({
  user,
  submitted: true,
  byOthers: 4,
  raters: 1,
  self: 4,
  factor: 1,
  flags: [],
  measured: { surviving: 100, share: 0.5, sessions: 2, feedbackGiven: 1, feedbackReceived: 3 },
  disagrees: null,
  grade: null,
  ...extra,
});

const instructorView = (releasedAt: number | null): InstructorEvaluation => ({
  view: 'instructor',
  releasedAt,
  factorCap: 1.05,
  teams: [
    {
      team,
      opensAt: 1,
      open: true,
      teamAverage: 4,
      members: [
        member(ada, { byOthers: 5, factor: 1.05, flags: ['overrates-self'], measured: { surviving: 10, share: 0.05, sessions: 1, feedbackGiven: 0, feedbackReceived: 0 }, disagrees: 'Rated at or above the team’s average (factor 1.05) but wrote 5% of the team’s text.' }),
        member(ben, { byOthers: null, raters: 0, factor: null }),
      ],
      cliques: [],
      ratings: [],
      formerMembers: [],
    },
  ],
});

describe('the instructors’ teammate evaluation', () => {
  it('explains flags in words, marks a disagreement, and waits for the release before grades', async () => {
    serveRoutes({ [`GET ${path}`]: () => json(200, instructorView(null)) });
    renderSection();
    const table = await screen.findByRole('table', { name: /Teammate evaluation of Team Otter/ });
    expect(table.textContent).toContain('Rates themselves much higher (1 point or more) than their teammates rate them.');
    expect(within(table).getByRole('note').textContent).toMatch(/disagree.*wrote 5%/);
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(`${path}?format=csv`);
    expect(screen.getByText(/Release the results to apply the factors/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Apply to grades' })).toBeNull();
  });

  it('shows each member’s adjusted grade before applying, and sends the team grades', async () => {
    let sent: unknown = null;
    serveRoutes({
      [`GET ${path}`]: () => json(200, instructorView(5)),
      [`POST ${path}/grades`]: (init) => {
        sent = JSON.parse(String(init?.body));
        return json(200, { lms: false, grades: [] });
      },
    });
    renderSection();
    fireEvent.change(await screen.findByLabelText('Grade of Team Otter'), { target: { value: '98' } });
    // 98 × 1.05 = 102.9, capped at 100; Ben, rated by nobody, keeps 98.
    expect(screen.getByText('Ada: 100 (× 1.0500)')).toBeTruthy();
    expect(screen.getByText('Ben: 98 (nobody rated them)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Apply to grades' }));
    await screen.findByText('Applied to 0 members.');
    expect(sent).toEqual({ scoreMaximum: 100, teams: [{ teamId: team.id, teamGrade: 98 }] });
  });
});
