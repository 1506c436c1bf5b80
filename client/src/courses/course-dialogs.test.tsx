// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../app/query-client';
import { AutoTeamsDialog } from './auto-teams-dialog';
import { ada, ben, cleo, courseId, rosterReportOf, rosterRow } from './course-test-data';
import { RosterImportDialog } from './roster-import-dialog';
import { json, serveRoutes } from '../api/fake-server';
import { stubModalDialogs } from '../ui/modal-dialog-stub';

function renderWithClient(node: ReactNode) {
  render(<QueryClientProvider client={createQueryClient()}>{node}</QueryClientProvider>);
}

beforeAll(stubModalDialogs);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const csv = (text: string) => new File([text], 'roster.csv', { type: 'text/csv' });
const chooseFile = (file: File) => fireEvent.change(screen.getByLabelText('Roster CSV file'), { target: { files: [file] } });

describe('RosterImportDialog', () => {
  const broken = rosterReportOf([
    rosterRow(2, {}),
    rosterRow(3, { name: 'Ben Okafor', email: 'ben@', status: 'error', action: 'skip', messages: ['“ben@” is not an email address.'] }),
  ]);
  const fixed = rosterReportOf([rosterRow(2, {}), rosterRow(3, { name: 'Ben Okafor', email: 'ben@example.edu', action: 'invite' })]);

  it('shows each row’s status and keeps Import disabled while a row has an error; nothing is confirmed', async () => {
    const fetch = serveRoutes({ [`POST /api/groups/${courseId}/roster`]: () => json(200, broken) });
    renderWithClient(<RosterImportDialog courseId={courseId} onClose={() => undefined} />);
    const file = csv('name,email\nAda,ada@example.edu\nBen,ben@\n');
    chooseFile(file);

    const errorRow = (await screen.findByText('“ben@” is not an email address.')).closest('tr');
    expect(errorRow?.getAttribute('data-status')).toBe('error');
    expect(within(errorRow as HTMLElement).getByText('Error')).toBeTruthy();
    expect(screen.getByText(/1 error/).textContent).toContain('2 rows');
    expect((screen.getByRole('button', { name: /^Import/ }) as HTMLButtonElement).disabled).toBe(true);
    // The file's bytes as they are, so the server judges the encoding.
    const [, init] = fetch.mock.calls[0] ?? [];
    expect(init?.body).toBe(file);
    expect(new Headers(init?.headers).get('content-type')).toBe('text/csv');
    expect(fetch.mock.calls.map(([path]) => path)).toEqual([`/api/groups/${courseId}/roster`]);
  });

  it('imports a corrected file once confirmed, and says what it did', async () => {
    const applied = { ...fixed, applied: true };
    const fetch = serveRoutes({
      [`POST /api/groups/${courseId}/roster`]: () => json(200, fixed),
      [`POST /api/groups/${courseId}/roster?confirm=true`]: () => json(200, applied),
    });
    renderWithClient(<RosterImportDialog courseId={courseId} onClose={() => undefined} />);
    chooseFile(csv('name,email,team\n'));
    const importButton = await screen.findByRole('button', { name: 'Import 2 learners' });
    await waitFor(() => expect((importButton as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(importButton);
    expect(await screen.findByRole('heading', { name: 'Roster imported' })).toBeTruthy();
    expect(screen.getByText(/1 joined the course · 1 invited/)).toBeTruthy();
    expect(fetch.mock.calls.map(([path]) => path)).toEqual([`/api/groups/${courseId}/roster`, `/api/groups/${courseId}/roster?confirm=true`]);
  });

  it('shows the new report when the server refuses the confirm', async () => {
    const refused = rosterReportOf([rosterRow(2, { status: 'error', action: 'skip', messages: ['Ada is an instructor of this course.'] })]);
    serveRoutes({
      [`POST /api/groups/${courseId}/roster`]: () => json(200, fixed),
      [`POST /api/groups/${courseId}/roster?confirm=true`]: () => json(400, { error: { code: 'roster_has_errors', message: 'The roster has errors.' }, report: refused }),
    });
    renderWithClient(<RosterImportDialog courseId={courseId} onClose={() => undefined} />);
    chooseFile(csv('name,email\n'));
    const importButton = await screen.findByRole('button', { name: 'Import 2 learners' });
    await waitFor(() => expect((importButton as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(importButton);
    expect(await screen.findByText('Ada is an instructor of this course.')).toBeTruthy();
    expect((screen.getByRole('button', { name: /^Import/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('AutoTeamsDialog', () => {
  const proposal = (confirm: boolean, seed: number, size = 2) => ({
    applied: confirm,
    seed,
    size,
    balanceBy: null,
    teams: [
      { name: 'Team 1', teamId: confirm ? 't'.repeat(16) : null, members: [{ user: ada, value: null }, { user: cleo, value: null }] },
      { name: 'Team 2', teamId: confirm ? 'u'.repeat(16) : null, members: [{ user: ben, value: null }] },
    ],
    balanceColumns: ['section'],
    waitingInvites: 1,
  });

  it('proposes teams at once and on each change of size, then makes exactly the proposal shown (its seed)', async () => {
    const bodies: { size: number; seed: number; confirm: boolean; balanceBy?: string }[] = [];
    serveRoutes({
      [`POST /api/groups/${courseId}/teams/auto`]: (init) => {
        const body = JSON.parse(String(init?.body)) as (typeof bodies)[number];
        bodies.push(body);
        return json(200, proposal(body.confirm, body.seed, body.size));
      },
    });
    renderWithClient(<AutoTeamsDialog courseId={courseId} unassigned={3} onClose={() => undefined} />);
    await screen.findByRole('button', { name: 'Create 2 teams' });
    fireEvent.change(screen.getByLabelText('Team size'), { target: { value: '2' } });
    const proposed = await screen.findByRole('list', { name: 'Proposed teams' });
    expect(within(proposed).getByText('Cleo Marsh')).toBeTruthy();
    expect(screen.getByText(/1 invited learner has not signed up yet/)).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Balanced by section' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Create 2 teams' }));
    expect(await screen.findByRole('heading', { name: 'Teams formed' })).toBeTruthy();
    const last = bodies[bodies.length - 1];
    const shown = bodies[bodies.length - 2];
    expect(bodies.map((body) => body.size)).toEqual([4, 2, 2]);
    expect(last).toMatchObject({ size: 2, confirm: true, seed: shown?.seed });
    expect(last?.balanceBy).toBeUndefined();
  });

  it('asks for a team size in range without proposing, and ties the reason to the size field', async () => {
    const fetch = serveRoutes({
      [`POST /api/groups/${courseId}/teams/auto`]: (init) => json(200, proposal(false, 7, (JSON.parse(String(init?.body)) as { size: number }).size)),
    });
    renderWithClient(<AutoTeamsDialog courseId={courseId} unassigned={3} onClose={() => undefined} />);
    await screen.findByRole('button', { name: 'Create 2 teams' });
    const size = screen.getByLabelText('Team size');
    fireEvent.change(size, { target: { value: '0' } });
    const reason = document.getElementById(size.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toMatch(/^A team size from \d+ to \d+\.$/);
    expect(size.getAttribute('aria-invalid')).toBe('true');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('offers nothing to create when every learner has a team', async () => {
    serveRoutes({ [`POST /api/groups/${courseId}/teams/auto`]: () => json(200, { ...proposal(false, 7), size: 4, teams: [], waitingInvites: 0 }) });
    renderWithClient(<AutoTeamsDialog courseId={courseId} unassigned={0} onClose={() => undefined} />);
    expect(await screen.findByText(/is in a team already: nothing to form/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Create 0 teams' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
