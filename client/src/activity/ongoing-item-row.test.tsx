// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { anItem, report } from './feed-test-data';
import { OngoingItemRow } from './ongoing-item-row';

afterEach(cleanup);

/** Ana's editing going on, as the feed sends it: no event yet, no totals. */
const writing = anItem(-41, {
  type: 'edit-session',
  text: 'Ana is writing in Methods and Results of Final report.',
  link: `/docs/${report.id}?section=Methods`,
  sessionId: 'sessionsessionse',
  ongoing: { startedAt: 1_700_000_000_000, sections: ['Methods', 'Results'], moreSections: 0 },
});

describe('OngoingItemRow', () => {
  it('shows who is writing where, with a live dot, linking to the section, and no totals', () => {
    render(
      <MemoryRouter>
        <ol>
          <OngoingItemRow item={writing} />
        </ol>
      </MemoryRouter>,
    );
    const link = screen.getByRole('link', { name: 'Ana is writing in Methods and Results of Final report.' });
    expect(link.getAttribute('href')).toBe(`/docs/${report.id}?section=Methods`);
    // The dot is for the eye: screen readers read the sentence alone.
    const dot = link.querySelector('.live-dot');
    expect(dot?.getAttribute('aria-hidden')).toBe('true');
    const row = screen.getByRole('listitem');
    expect(row.dataset.ongoing).toBe('');
    expect(row.textContent).toContain('Writing now, since');
    expect(row.textContent).not.toMatch(/word|character|\+/);
  });
});
