// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { json, serveRoutes } from '../api/fake-server';
import { createQueryClient } from '../app/query-client';
import { review } from './peer-review-test-data';
import { RubricForm } from './rubric-form';
import { stubModalDialogs } from '../ui/modal-dialog-stub';

beforeAll(stubModalDialogs);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const path = `/api/peer-reviews/${review.id}`;

describe('the reviewer’s rubric form', () => {
  it('offers each criterion’s levels with their points and descriptions, and saves the whole draft a moment after typing', async () => {
    const saves: unknown[] = [];
    serveRoutes({
      [`PUT ${path}`]: (init) => {
        const body = JSON.parse(String(init?.body)) as { answers: unknown; overallComment: string };
        saves.push(body);
        return json(200, { review: { ...review, ...body } });
      },
    });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <RubricForm review={review} />
      </QueryClientProvider>,
    );
    const thesis = screen.getByRole('group', { name: 'Thesis' });
    const clear = within(thesis).getByRole('radio', { name: /Clear \(4 points\)/ });
    expect(clear.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(clear.getAttribute('aria-describedby')!)?.textContent).toBe('A clear claim someone could dispute.');
    expect(screen.getByRole('status').textContent).toBe('Saved');

    fireEvent.click(clear);
    fireEvent.change(screen.getByLabelText('Comment on Thesis'), { target: { value: 'Stated early.' } });
    fireEvent.change(screen.getByLabelText('Overall comment'), { target: { value: 'Good start' } });
    expect(screen.getByRole('status').textContent).toBe('Editing…');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'), { timeout: 3000 });
    // One save for the three changes, holding all of them.
    expect(saves).toEqual([
      {
        answers: [
          { level: 1, comment: 'Stated early.' },
          { level: null, comment: '' },
        ],
        overallComment: 'Good start',
      },
    ]);
  });

  it('sends what is not yet saved as the page goes away, so that a reload or a closed tab loses nothing', async () => {
    const fetch = serveRoutes({ [`PUT ${path}`]: () => json(200, { review }) });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <RubricForm review={review} />
      </QueryClientProvider>,
    );
    fireEvent.change(screen.getByLabelText('Overall comment'), { target: { value: 'Typed just before leaving' } });
    window.dispatchEvent(new Event('pagehide'));
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(path);
    expect(init).toMatchObject({ method: 'PUT', keepalive: true });
    expect(JSON.parse(String(init?.body))).toMatchObject({ overallComment: 'Typed just before leaving' });
  });

  it('says when a draft did not save, and shows a refused submit’s missing level beside its criterion', async () => {
    let failSave = true;
    const fetch = serveRoutes({
      [`PUT ${path}`]: () => (failSave ? json(503, { error: { code: 'unavailable', message: 'Restarting.' } }) : json(200, { review })),
      [`POST ${path}/submit`]: () =>
        json(400, { error: { code: 'validation_failed', message: 'Choose a level for each criterion.', fields: { 'answers.1.level': 'Choose a level for “Evidence”' } } }),
    });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <RubricForm review={review} />
      </QueryClientProvider>,
    );
    fireEvent.click(within(screen.getByRole('group', { name: 'Thesis' })).getByRole('radio', { name: /Clear/ }));
    fireEvent.blur(screen.getByLabelText('Overall comment'));
    await screen.findByText('Not saved');
    expect(screen.getByRole('alert').textContent).toMatch(/Commonplace is having trouble/);

    failSave = false;
    fireEvent.click(screen.getByRole('button', { name: 'Submit the review' }));
    const dialog = screen.getByRole('dialog', { name: 'Submit this review?' });
    expect(within(dialog).getByText('1 criterion has no level yet.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit' }));

    const evidence = screen.getByRole('group', { name: 'Evidence' });
    await within(evidence).findByText('Choose a level for “Evidence”');
    expect(evidence.getAttribute('aria-invalid')).toBe('true');
    expect(within(screen.getByRole('group', { name: 'Thesis' })).queryByText(/Choose a level/)).toBeNull();
    // The draft was saved before the submit was asked for.
    const calls = fetch.mock.calls.map(([url, init]) => `${init?.method} ${url}`);
    expect(calls.slice(-2)).toEqual([`PUT ${path}`, `POST ${path}/submit`]);
    expect(screen.getByRole('status').textContent).toBe('Saved');
  });
});
