// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocNode } from '../../../shared/document-nodes';
import { compareLegend } from './compare-panel';
import { DocumentView, safeHref } from './document-view';

afterEach(cleanup);

const ada = 'adaadaadaadaadaa';
const bob = 'bobbobbobbobbobb';

describe('DocumentView', () => {
  it('shows markup in the text as the characters written, never as elements', () => {
    const nodes: DocNode[] = [
      { type: 'paragraph', content: [{ type: 'text', text: '<img src=x onerror="window.__xss=1"><script>alert(1)</script>', author: ada }] },
    ];
    const { container } = render(<DocumentView nodes={nodes} label="Doc" />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.querySelector('p')?.textContent).toBe('<img src=x onerror="window.__xss=1"><script>alert(1)</script>');
  });

  it('renders blocks and marks, and keeps only web and mail links', () => {
    const nodes: DocNode[] = [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title', author: ada }] },
      {
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: 'bold', marks: [{ type: 'bold' }], author: ada },
                  { type: 'text', text: 'evil', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }], author: ada },
                  { type: 'text', text: 'good', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }], author: ada },
                ],
              },
            ],
          },
        ],
      },
    ];
    const { container } = render(<DocumentView nodes={nodes} label="Doc" />);
    expect(container.querySelector('h2')?.textContent).toBe('Title');
    expect(container.querySelector('ul > li > p > span > strong')?.textContent).toBe('bold');
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['good', 'https://example.org']]);
    expect(safeHref(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
    expect(safeHref('mailto:ada@example.org')).toBe('mailto:ada@example.org');
  });

  it('tints text by author, and marks a comparison by who inserted and who deleted', () => {
    const colors = new Map([
      [ada, '#b3261e'],
      [bob, '#1d5fa8'],
    ]);
    const names = new Map([
      [ada, 'Ada'],
      [bob, 'Bob'],
    ]);
    const nodes: DocNode[] = [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'kept ', author: ada },
          { type: 'text', text: 'new', author: bob, change: 'insert' },
          { type: 'text', text: 'old', author: ada, change: 'delete', deletedBy: bob },
        ],
      },
    ];
    const authors = render(<DocumentView nodes={nodes} label="Doc" colouring="authors" colors={colors} names={names} />);
    const tinted = [...authors.container.querySelectorAll<HTMLElement>('.authored')];
    expect(tinted.map((span) => [span.textContent, span.dataset.authorId, span.style.getPropertyValue('--author-color')])).toEqual([
      ['kept ', ada, '#b3261e'],
      ['new', bob, '#1d5fa8'],
      ['old', ada, '#b3261e'],
    ]);
    cleanup();

    const changes = render(<DocumentView nodes={nodes} label="Doc" colouring="changes" colors={colors} names={names} />);
    const ins = changes.container.querySelector<HTMLElement>('ins')!;
    const del = changes.container.querySelector<HTMLElement>('del')!;
    expect([ins.textContent, ins.title, ins.style.getPropertyValue('--author-color')]).toEqual(['new', 'Inserted by Bob', '#1d5fa8']);
    // Deleted text is coloured by who deleted it, not by who wrote it.
    expect([del.textContent, del.title, del.style.getPropertyValue('--author-color')]).toEqual(['old', 'Deleted by Bob', '#1d5fa8']);
  });
});

describe('compareLegend', () => {
  it('lists each person once with what they inserted and deleted, busiest first, each in a different colour', () => {
    const legend = compareLegend(
      [
        { userId: ada, inserted: 5, deleted: 0 },
        { userId: bob, inserted: 10, deleted: 3 },
      ],
      [
        { id: ada, name: 'Ada', email: 'ada@example.org' },
        { id: bob, name: 'Bob', email: 'bob@example.org' },
      ],
    );
    expect(legend.map((entry) => [entry.name, entry.detail])).toEqual([
      ['Bob', '+10 −3 characters'],
      ['Ada', '+5 −0 characters'],
    ]);
    expect(legend[0]?.color).not.toBe(legend[1]?.color);
  });
});
