// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportMenu } from './export-menu';

afterEach(cleanup);

describe('ExportMenu', () => {
  it('shows one word on each version, and names the version for screen readers so that each Download in a list says what it downloads', () => {
    render(
      <ul>
        <li>
          <ExportMenu docId="docaaaaaaaaaaaaa" version="versionaaaaaaaaa" of="Draft 1 submitted" />
        </li>
        <li>
          <ExportMenu docId="docaaaaaaaaaaaaa" version="versionbbbbbbbbb" of="Final" />
        </li>
      </ul>,
    );
    const names = [...document.querySelectorAll('summary')].map((summary) => summary.textContent?.replace('⤓', '').trim());
    expect(names).toEqual(['Download Draft 1 submitted', 'Download Final']);
    const first = document.querySelector('summary');
    expect(first?.querySelector('.visually-hidden')?.textContent).toBe(' Draft 1 submitted');
    expect(first?.querySelector('.export-menu-label')?.firstChild?.textContent).toBe('Download');
    const links = screen.getAllByRole('link', { name: 'Markdown', hidden: true }).map((link) => link.getAttribute('href'));
    expect(links).toEqual([
      '/api/docs/docaaaaaaaaaaaaa/export?format=md&version=versionaaaaaaaaa',
      '/api/docs/docaaaaaaaaaaaaa/export?format=md&version=versionbbbbbbbbb',
    ]);
  });

  it('says only its word when it is the one download on the page', () => {
    render(<ExportMenu docId="docaaaaaaaaaaaaa" />);
    const summary = document.querySelector('summary');
    expect(summary?.querySelector('.visually-hidden')).toBeNull();
    expect(summary?.textContent?.replace('⤓', '').trim()).toBe('Download');
  });
});
