// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MyPeerReviews } from '../../../shared/schemas/peer-reviews';
import { json, serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import { PeerReviewLearner } from './peer-review-learner';
import { assignmentId, receivedReview, receivedSummary, review } from './peer-review-test-data';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const mine: MyPeerReviews = {
  assignmentId,
  anonymity: 'reviewers',
  dueAt: Date.parse('2099-01-01T12:00:00Z'),
  openedAt: 1,
  writing: [
    {
      id: 'writingxxxxxxxxx',
      reviewerLabel: 'Reviewer 2',
      submissionLabel: 'Submission 1',
      reviewerTeam: { id: 'teamheronxxxxxxx', name: 'Team Heron' },
      revieweeTeam: null,
      status: 'submitted',
      score: 7,
      maxPoints: 9.5,
      submittedAt: 1,
      helpfulness: { rating: 4, note: 'Clear and kind', ratedAt: 2 },
    },
  ],
  received: [receivedSummary],
};

function renderLearner() {
  renderRoutes([{ path: '/', element: <PeerReviewLearner assignmentId={assignmentId} /> }]);
}

describe('a learner’s peer review on the assignment page', () => {
  it('lists the reviews to write as submissions, with how helpful each was found, and the reviews received by reviewer number', async () => {
    serveRoutes({
      [`GET /api/assignments/${assignmentId}/peer-review/my-reviews`]: () => json(200, { reviews: mine }),
      [`GET /api/peer-reviews/${review.id}`]: () => json(200, { review: receivedReview }),
    });
    renderLearner();
    const toWrite = await screen.findByRole('region', { name: 'Reviews to write' });
    expect(within(toWrite).getByRole('link', { name: 'Submission 1' }).getAttribute('href')).toBe('/reviews/writingxxxxxxxxx');
    expect(within(toWrite).getByText('7 / 9.5')).toBeTruthy();
    expect(within(toWrite).getByText(/4 of 5/)).toBeTruthy();
    expect(within(toWrite).getByText('“Clear and kind”')).toBeTruthy();

    const received = screen.getByRole('region', { name: 'Reviews of your work' });
    const card = await within(received).findByRole('article', { name: 'Review by Reviewer 1' });
    await within(card).findByText('The claim is in the first line.');
    expect(within(card).getByText('Clear')).toBeTruthy();
    expect(within(card).getByText('Cite the lab manual.')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Read the inline comments in your document' }).getAttribute('href')).toBe(`/reviews/${review.id}`);
    expect(received.textContent).not.toContain('Team Otter');
  });

  it('rates a received review from 1 to 5 with a note, and asks for a rating first', async () => {
    const fetch = serveRoutes({
      [`GET /api/assignments/${assignmentId}/peer-review/my-reviews`]: () => json(200, { reviews: mine }),
      [`GET /api/peer-reviews/${review.id}`]: () => json(200, { review: receivedReview }),
      [`PUT /api/peer-reviews/${review.id}/helpfulness`]: (init) => {
        const body = JSON.parse(String(init?.body)) as { rating: number; note?: string };
        return json(200, { review: { ...receivedReview, helpfulness: { rating: body.rating, note: body.note ?? null, ratedAt: 3 } } });
      },
    });
    renderLearner();
    const form = await screen.findByRole('form', { name: 'How helpful was Reviewer 1?' });
    fireEvent.click(within(form).getByRole('button', { name: 'Rate helpfulness' }));
    expect(within(form).getByRole('alert').textContent).toBe('Choose a rating from 1 to 5.');

    fireEvent.click(within(form).getByRole('radio', { name: '4: Very helpful' }));
    fireEvent.change(within(form).getByLabelText('A note for the reviewers (optional)'), { target: { value: ' The sources tip helped. ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Rate helpfulness' }));
    await within(form).findByText('Rated 4 of 5');
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ rating: 4, note: 'The sources tip helped.' });
  });

  it('shows nothing when the assignment has no peer review', async () => {
    const fetch = serveRoutes({ [`GET /api/assignments/${assignmentId}/peer-review/my-reviews`]: () => json(200, { reviews: null }) });
    renderLearner();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    await vi.waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(screen.queryByRole('region')).toBeNull();
  });
});
