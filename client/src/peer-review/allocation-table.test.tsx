// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PeerReviewAllocation } from '../../../shared/schemas/peer-review';
import { json, serveRoutes } from '../api/fake-server';
import { createQueryClient } from '../app/query-client';
import { AllocationTable } from './allocation-table';
import { assignmentId, rubric } from './peer-review-test-data';
import { ReviewsTable } from './reviews-table';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const team = (key: string, name: string, members: string[]) => ({
  id: `team${key}`.padEnd(16, 'x'),
  name,
  members: members.map((member) => ({ id: member.toLowerCase().padEnd(16, 'x'), name: member })),
  reviewing: 1,
  reviewedBy: 1,
});
const otter = team('otter', 'Team Otter', ['Ana', 'Amy']);
const heron = team('heron', 'Team Heron', ['Ben']);
const crane = team('crane', 'Team Crane', ['Cleo']);
const ref = ({ id, name }: { id: string; name: string }) => ({ id, name });

const allocation: PeerReviewAllocation = {
  assignmentId,
  rubricId: rubric.id,
  k: 1,
  seed: 7,
  anonymity: 'reviewers',
  dueAt: null,
  opensAt: null,
  openedAt: null,
  createdAt: 1,
  updatedAt: 1,
  teams: [otter, heron, crane],
  reviews: [
    { reviewerTeam: ref(heron), revieweeTeam: ref(otter), reviewerIndex: 1 },
    { reviewerTeam: ref(crane), revieweeTeam: ref(heron), reviewerIndex: 1 },
    { reviewerTeam: ref(otter), revieweeTeam: ref(crane), reviewerIndex: 1 },
  ],
};

describe('who reviews whom, for the instructor', () => {
  it('names each team’s members and reviewers, and moves one review to a team that is neither side of it', async () => {
    const fetch = serveRoutes({
      [`PATCH /api/assignments/${assignmentId}/peer-review/allocation`]: () => json(200, { allocation }),
      [`GET /api/assignments/${assignmentId}/peer-review/allocation`]: () => json(200, { allocation }),
    });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <AllocationTable allocation={allocation} />
      </QueryClientProvider>,
    );
    const otterRow = screen.getByRole('row', { name: /Team Otter Ana, Amy/ });
    expect(within(otterRow).getByText('Team Heron')).toBeTruthy();
    const target = within(otterRow).getByLabelText('Move Team Heron’s review of Team Otter to') as HTMLSelectElement;
    // Neither the reviewed team nor the team writing it now.
    expect([...target.options].map((option) => option.text)).toEqual(['Move to…', 'Team Crane']);
    const move = within(otterRow).getByRole('button', { name: 'Move Team Heron’s review of Team Otter' }) as HTMLButtonElement;
    expect(move.disabled).toBe(true);
    fireEvent.change(target, { target: { value: crane.id } });
    fireEvent.click(move);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    const [, init] = fetch.mock.calls[0]!;
    expect(JSON.parse(String(init?.body))).toEqual({ revieweeTeamId: otter.id, fromTeamId: heron.id, toTeamId: crane.id });
  });

  it('lists the reviews with both teams’ names, status, score and helpfulness', () => {
    render(
      <MemoryRouter>
        <ReviewsTable
          reviews={[
            {
              id: 'reviewaxxxxxxxxx',
              reviewerLabel: 'Reviewer 1',
              submissionLabel: 'Submission 1',
              reviewerTeam: ref(heron),
              revieweeTeam: ref(otter),
              status: 'submitted',
              score: 7,
              maxPoints: 9.5,
              submittedAt: 1,
              helpfulness: { rating: 2, note: 'Too short', ratedAt: 2 },
            },
            {
              id: 'reviewbxxxxxxxxx',
              reviewerLabel: 'Reviewer 1',
              submissionLabel: 'Submission 2',
              reviewerTeam: ref(otter),
              revieweeTeam: ref(crane),
              status: 'draft',
              score: null,
              maxPoints: 9.5,
              submittedAt: null,
              helpfulness: null,
            },
          ]}
        />
      </MemoryRouter>,
    );
    const [, submitted, draft] = screen.getAllByRole('row');
    expect(within(submitted!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Team Otter', expect.stringMatching(/^Submitted/), '7 / 9.5', '★★☆☆☆ 2 of 5“Too short”', 'Open']);
    expect(within(draft!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Team Crane', 'Draft', '–', 'Not rated', 'Open']);
    expect(within(submitted!).getByRole('link', { name: 'Open Team Heron’s review of Team Otter' }).getAttribute('href')).toBe('/reviews/reviewaxxxxxxxxx');
  });
});
