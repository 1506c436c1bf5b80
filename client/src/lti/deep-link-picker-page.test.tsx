// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assignment } from '../../../shared/schemas/courses';
import { renderRoutes } from '../app/render-routes';
import { toLocalInput } from '../assignments/due-time';
import { ada, courseId } from '../courses/course-test-data';
import { draftProblems, placeableAssignments } from './deep-link-choices';
import { DeepLinkPickerPage } from './deep-link-picker-page';
import { json, serveRoutes } from '../api/fake-server';

const requestId = 'r'.repeat(32);
const day = 24 * 60 * 60 * 1000;
const now = Date.now();

const assignmentOf = (letter: string, title: string, dueAt: number): Assignment => ({
  id: letter.repeat(16),
  courseId,
  title,
  instructions: '',
  hasTemplate: false,
  opensAt: now - day,
  dueAt,
  lockAtDue: false,
  revision: 1,
  createdAt: now - day,
});
const pastEssay = assignmentOf('e', 'Essay 1', now - 2 * day);
const olderQuiz = assignmentOf('q', 'Quiz 0', now - 9 * day);
const labReport = assignmentOf('l', 'Lab report', now + 3 * day);
const poster = assignmentOf('p', 'Poster', now + 10 * day);

/** The forms the page posted (a navigation jsdom does not make), with their action and fields. */
let posted: { action: string; fields: Record<string, string> }[] = [];

beforeEach(() => {
  posted = [];
  vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (this: HTMLFormElement) {
    posted.push({ action: this.getAttribute('action') ?? '', fields: Object.fromEntries(new FormData(this)) as Record<string, string> });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderPicker() {
  renderRoutes(
    [{ path: '/lti/deep-link/:requestId', element: <DeepLinkPickerPage /> }],
    `/lti/deep-link/${requestId}?course=${courseId}`,
  );
}

const course = { id: courseId, name: 'Chemistry 201', createdAt: 1, role: 'instructor', can: { createProjects: true, manageMembers: true, manageTags: true, viewContributions: true } };

describe('the deep linking picker', () => {
  it('lists what is still due first, soonest first, then what is past, latest first', () => {
    expect(placeableAssignments([pastEssay, poster, olderQuiz, labReport], now).map((a) => a.title)).toEqual(['Lab report', 'Poster', 'Essay 1', 'Quiz 0']);
  });

  it('asks a new assignment for a title and a due time ahead', () => {
    expect(draftProblems({ title: ' ', due: toLocalInput(now + day) }, now)).toEqual({ title: 'Give the assignment a title.' });
    expect(draftProblems({ title: 'Lab', due: toLocalInput(now - day) }, now)).toEqual({ dueAt: 'That time has passed: pick a due time ahead.' });
    expect(draftProblems({ title: 'Lab', due: '' }, now)).toEqual({ dueAt: 'Pick the day and time it is due.' });
    expect(draftProblems({ title: 'Lab', due: toLocalInput(now + day) }, now)).toEqual({});
  });

  it('posts the picked assignment to the request as a form, the browser’s navigation', async () => {
    serveRoutes({
      'GET /api/auth/me': () => json(200, { user: ada }),
      [`GET /api/groups/${courseId}`]: () => json(200, { group: course }),
      [`GET /api/groups/${courseId}/assignments`]: () => json(200, { assignments: [pastEssay, labReport] }),
    });
    renderPicker();
    expect(await screen.findByText('Chemistry 201')).toBeTruthy();
    const choices = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(choices.map((choice) => choice.value)).toEqual([labReport.id, pastEssay.id]);
    expect(choices.every((choice) => choice.name === 'assignmentId')).toBe(true);
    const place = screen.getByRole('button', { name: 'Pick an assignment to place' }) as HTMLButtonElement;
    expect(place.disabled).toBe(true);
    fireEvent.click(choices[0]!);
    expect(place.textContent).toBe('Place “Lab report”');
    const form = place.closest('form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe(`/lti/deep-link/${requestId}`);
    expect(Object.fromEntries(new FormData(form))).toEqual({ assignmentId: labReport.id });
  });

  it('creates a new assignment through the course’s API and places it at once', async () => {
    const created = assignmentOf('n', 'Poster session', now + 5 * day);
    const fetch = serveRoutes({
      'GET /api/auth/me': () => json(200, { user: ada }),
      [`GET /api/groups/${courseId}`]: () => json(200, { group: course }),
      [`GET /api/groups/${courseId}/assignments`]: () => json(200, { assignments: [] }),
      [`POST /api/groups/${courseId}/assignments`]: () => json(201, { assignment: created }),
    });
    renderPicker();
    expect(await screen.findByText('This course has no assignments yet: create the first below.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create and place' }));
    expect(await screen.findByText('Give the assignment a title.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Poster session' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create and place' }));

    await waitFor(() => expect(posted).toEqual([{ action: `/lti/deep-link/${requestId}`, fields: { assignmentId: created.id } }]));
    const [, init] = fetch.mock.calls.find(([path, init]) => path === `/api/groups/${courseId}/assignments` && init?.method === 'POST')!;
    const body = JSON.parse(String(init?.body)) as { title: string; dueAt: string };
    expect(body.title).toBe('Poster session');
    expect(Date.parse(body.dueAt)).toBeGreaterThan(now);
  });
});
