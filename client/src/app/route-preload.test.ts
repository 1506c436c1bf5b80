// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * public/route-preload.js, run as the page runs it: against the data block
 * the build writes into index.html (scripts/route-chunks.ts) and the
 * address opened.
 */
const source = readFileSync(join(import.meta.dirname, '../../public/route-preload.js'), 'utf8');

const routes = [
  ['/docs/:docId', ['/assets/document-page-a1.js', '/assets/yjs-b2.js', '/assets/editor-c3.css']],
  ['/docs/:docId/history', ['/assets/history-page-d4.js']],
];

function openAt(path: string, data: string | null = JSON.stringify(routes)): HTMLLinkElement[] {
  document.head.innerHTML = '';
  if (data !== null) {
    const block = document.createElement('script');
    block.type = 'application/json';
    block.id = 'route-chunks';
    block.textContent = data;
    document.head.appendChild(block);
  }
  window.history.replaceState(null, '', path);
  new Function(source)();
  return [...document.head.querySelectorAll('link')];
}

afterEach(() => {
  document.head.innerHTML = '';
  window.history.replaceState(null, '', '/');
});

describe('route-preload.js', () => {
  it('asks for every file of the opened page: its scripts as module preloads, its styles as style preloads', () => {
    const links = openAt('/docs/abc123');
    expect(links.map((link) => [link.rel, link.getAttribute('as'), link.getAttribute('href'), link.crossOrigin])).toEqual([
      ['modulepreload', null, '/assets/document-page-a1.js', ''],
      ['modulepreload', null, '/assets/yjs-b2.js', ''],
      ['preload', 'style', '/assets/editor-c3.css', ''],
    ]);
  });

  it('matches whole segments only: a longer or shorter address is another page', () => {
    expect(openAt('/docs/abc123/history').map((link) => link.getAttribute('href'))).toEqual(['/assets/history-page-d4.js']);
    expect(openAt('/docs/abc123/contributions')).toEqual([]);
    expect(openAt('/docs')).toEqual([]);
    expect(openAt('/')).toEqual([]);
    expect(openAt('/docs/abc123/')).toHaveLength(3);
  });

  it('does nothing without the data block (the development server) or with a broken one', () => {
    expect(openAt('/docs/abc123', null)).toEqual([]);
    expect(openAt('/docs/abc123', '{not json')).toEqual([]);
    expect(openAt('/docs/abc123', '{"routes": 1}')).toEqual([]);
    expect(openAt('/docs/abc123', '[["/docs/:docId", "not a list"], 3]')).toEqual([]);
  });

  it('reads an address of 200,000 segments once per route', () => {
    // Linear in the address: a quadratic match would not end here.
    const links = openAt(`/docs${'/a'.repeat(200_000)}`);
    expect(links).toEqual([]);
  });
});
