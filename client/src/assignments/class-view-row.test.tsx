// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClassViewTeam } from '../../../shared/schemas/class-view';
import { ClassViewRow } from './class-view-row';

const member = (id: string, name: string, share: number | null, shareFlag: 'over' | 'under' | null, quiet = false) => ({
  user: { id: id.padEnd(16, 'x'), email: `${id}@example.test`, name },
  surviving: Math.round((share ?? 0) * 1000),
  words: Math.round((share ?? 0) * 200),
  share,
  shareFlag,
  lastActivity: null,
  quiet,
});

const row: ClassViewTeam = {
  team: { id: 'teamotterxxxxxxx', name: 'Team Otter', parentId: 'coursexxxxxxxxxx' },
  docId: 'docotterxxxxxxxx',
  status: 'in-progress',
  dueAt: Date.parse('2026-12-03T16:00:00Z'),
  submittedAt: null,
  words: 240,
  membersCharacters: 1000,
  lastActivity: Date.parse('2026-12-01T12:00:00Z'),
  members: [member('ana', 'Ana', 0.92, 'over'), member('ben', 'Ben', 0.08, 'under', true), member('cleo', 'Cleo', null, null)],
  unansweredThreads: 2,
  needsAttention: ['dominant-member', 'quiet-members', 'unanswered-threads'],
};

describe('a team’s row in the class view', () => {
  afterEach(cleanup);

  it('says in words which share stands out, who is quiet and what needs attention, and links the team’s work', () => {
    const { container, getByRole } = render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <table>
            <tbody>
              <ClassViewRow assignmentId="assignxxxxxxxxxx" assignmentDueAt={row.dueAt} row={row} />
            </tbody>
          </table>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const shares = [...container.querySelectorAll('.share-list li')].map((li) => li.textContent);
    expect(shares).toEqual(['Ana 92%most', 'Ben 8%little', 'Cleo 0%']);
    expect(container.querySelector('[data-label="Status"]')?.textContent).toBe('In progress');
    const attention = container.querySelector('[data-label="Attention"]')!.textContent;
    expect(attention).toContain('One member wrote most of it');
    expect(attention).toContain('Quiet: Ben');
    expect(attention).toContain('2 unanswered threads');
    expect(getByRole('link', { name: 'History of Team Otter' }).getAttribute('href')).toBe('/docs/docotterxxxxxxxx/history');
    expect(getByRole('link', { name: 'Contributions of Team Otter' }).getAttribute('href')).toBe('/docs/docotterxxxxxxxx/contributions');
    // A team still working may get more time; only a locked copy is reopened.
    getByRole('button', { name: 'Extend the due time of Team Otter' });
    expect(container.querySelector('button[aria-label^="Reopen"]')).toBeNull();
  });
});
