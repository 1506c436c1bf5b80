// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClassViewTeam } from '../../../shared/schemas/class-view';
import type { StoredScore } from '../../../shared/schemas/lti';
import { createQueryClient } from '../app/query-client';
import { TeamScore } from './class-view-scores';

const member = (id: string, name: string) => ({
  user: { id: id.padEnd(16, 'x'), email: `${id}@example.test`, name },
  surviving: 0,
  words: 0,
  share: null,
  shareFlag: null,
  lastActivity: null,
  quiet: false,
});

const row: ClassViewTeam = {
  team: { id: 'teamotterxxxxxxx', name: 'Team Otter', parentId: 'coursexxxxxxxxxx' },
  docId: 'docotterxxxxxxxx',
  status: 'submitted',
  dueAt: Date.parse('2026-12-03T16:00:00Z'),
  submittedAt: Date.parse('2026-12-02T16:00:00Z'),
  words: 0,
  membersCharacters: 0,
  lastActivity: null,
  members: [member('ana', 'Ana'), member('ben', 'Ben')],
  unansweredThreads: 0,
  needsAttention: [],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a team’s score for the LMS in the class view', () => {
  it('starts from the stored score, sends the one typed, and says for each learner whether it reached the LMS', async () => {
    const stored: StoredScore = { userId: 'anaxxxxxxxxxxxxx', scoreGiven: 8, scoreMaximum: 10, givenAt: 1, sentAt: 2, error: null };
    const fetch = vi.fn(async (_path: string, _init?: RequestInit) =>
      Response.json({
        results: [
          { user: row.members[0]!.user, scoreGiven: 9, scoreMaximum: 10, outcome: 'sent', message: null },
          { user: row.members[1]!.user, scoreGiven: 9, scoreMaximum: 10, outcome: 'no-lms-account', message: 'Not sent: no account in the LMS.' },
        ],
      }),
    );
    vi.stubGlobal('fetch', fetch);
    const { container } = render(
      <QueryClientProvider client={createQueryClient()}>
        <TeamScore assignmentId="assignxxxxxxxxxx" row={row} scores={new Map([[stored.userId, stored]])} />
      </QueryClientProvider>,
    );
    const score = screen.getByLabelText('Score of Team Otter') as HTMLInputElement;
    expect(score.value).toBe('8');
    expect((screen.getByLabelText('Out of, for Team Otter') as HTMLInputElement).value).toBe('10');
    expect(container.querySelector('.score-outcomes')?.textContent).toBe('Ana: 8/10 sent');

    fireEvent.change(score, { target: { value: '9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the score of Team Otter to the LMS' }));
    await screen.findByText('Ben: not sent: no LMS account');
    expect(screen.getByText('Ana: sent')).toBeTruthy();
    const [path, init] = fetch.mock.calls[0]!;
    expect(path).toBe('/api/assignments/assignxxxxxxxxxx/lti/scores');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ teamId: 'teamotterxxxxxxx', scoreGiven: 9, scoreMaximum: 10 });
  });
});
