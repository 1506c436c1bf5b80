import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type StockClient, connectStockClient, waitFor } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { treeHtml } from './html';
import { treeMarkdown } from './markdown';

/**
 * Export: Markdown and print-friendly HTML of the document as
 * stored, with an optional contribution appendix; user text is only ever
 * text, never markup.
 */
let server: TestServer;
let writer: TestUser;
let reviewer: TestUser;
let client: StockClient;
let docId: string;

const hostile = '<script>alert("x")</script> & <b>not bold</b>';

beforeAll(async () => {
  server = await startTestServer();
  writer = await server.createUser('<img src=x onerror=alert(1)>');
  reviewer = await server.createUser('Reviewer');
  ({ docId } = await createTestDoc(server, [
    { member: writer, role: 'member' },
    { member: reviewer, role: 'reviewer' },
  ]));
  await server.domain.store.db.updateTable('documents').set({ title: 'Essay <i>one</i>' }).where('id', '=', docId).execute();

  client = connectStockClient(server.url, docId, writer);
  await client.synced;
  client.doc.transact(() => {
    const fragment = client.doc.getXmlFragment('default');
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    const title = new Y.XmlText();
    heading.insert(0, [title]);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    fragment.insert(0, [heading, paragraph]);
    title.insert(0, '# Not a heading [link](javascript:alert(1))');
    text.insert(0, hostile);
    text.insert(text.length, ' bold', { bold: {} });
    text.insert(text.length, ' evil link', { link: { href: 'javascript:alert(1)' } });
    text.insert(text.length, ' good link', { link: { href: 'https://example.org/a?b=1&c="2"' } });
  });
  const watcher = connectStockClient(server.url, docId, reviewer);
  await waitFor('the text is stored', () => watcher.doc.getXmlFragment('default').length === 2);
  watcher.destroy();
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('export', () => {
  it('exports print-friendly HTML in which every piece of user text is escaped', async () => {
    const response = await server.api('GET', `/api/docs/${docId}/export?format=html&appendix=1`, { as: writer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="essay-ionei.html"');
    const html = response.body as string;
    expect(html).toMatch(/^<!doctype html>/);
    // No tag of the user's survives as a tag: only the page's own elements appear.
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;');
    expect(html).toContain('<title>Essay &lt;i&gt;one&lt;/i&gt;</title>');
    expect(html).toContain('<h2># Not a heading [link](javascript');
    expect(html).toContain('<strong> bold</strong>');
    expect(html).toContain(' evil link'); // kept as text, without its address
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=%222%22" rel="noopener noreferrer nofollow"> good link</a>');
    // The appendix: the writer (escaped), their share and the figures.
    expect(html).toContain('<h2>Contributions</h2>');
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td><td class="number">100.0%</td>');
  });

  it('exports Markdown in which user text stays text', async () => {
    const response = await server.api('GET', `/api/docs/${docId}/export?format=md&appendix=true`, { as: writer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/markdown');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="essay-ionei.md"');
    const markdown = response.body as string;
    expect(markdown).not.toMatch(/<(script|b|img|i)\b/);
    // Only as escaped text: no link to it.
    expect(markdown).not.toMatch(/[^\\]\]\(<?javascript/);
    expect(markdown).toContain('# Essay &lt;i&gt;one&lt;/i&gt;');
    expect(markdown).toContain('## \\# Not a heading \\[link\\](javascript:alert(1))');
    expect(markdown).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt; **bold** evil link [good link](<https://example.org/a?b=1&amp;c=%222%22>)');
    expect(markdown).toContain('## Contributions');
    expect(markdown).toMatch(/\| &lt;img src=x onerror=alert\(1\)&gt; \| 100\.0% \| \d+ \|/);
  });

  it('renders lists, quotes and code as Markdown', () => {
    const text = (value: string) => ({ type: 'text' as const, text: value, author: null });
    const paragraph = (value: string) => ({ type: 'paragraph', content: [text(value)] });
    expect(
      treeMarkdown([
        { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('one'), paragraph('1. not a list')] }] },
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [paragraph('three')] }] },
        { type: 'blockquote', content: [paragraph('quoted'), paragraph('- still text')] },
        { type: 'codeBlock', attrs: { language: 'js' }, content: [text('a ``` b <tag>')] },
        { type: 'horizontalRule', content: [] },
      ]),
    ).toBe(
      [
        '- one',
        '',
        '  1\\. not a list',
        '',
        '3. three',
        '',
        '> quoted',
        '>',
        '> \\- still text',
        '',
        '````js',
        'a ``` b <tag>',
        '````',
        '',
        '---',
        '',
      ].join('\n'),
    );
  });

  describe('figures, tables, code, quotes, rules and links', () => {
    const text = (value: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: 'text' as const, text: value, author: null, ...(marks ? { marks } : {}) });
    const paragraph = (value: string) => ({ type: 'paragraph', content: value ? [text(value)] : [] });
    const cell = (type: 'tableCell' | 'tableHeader', value: string, attrs: Record<string, unknown> = {}) => ({ type, attrs, content: [paragraph(value)] });
    const table = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Name'), cell('tableHeader', 'Score | points'), cell('tableHeader', 'Note')] },
        { type: 'tableRow', content: [cell('tableCell', 'Ada', { colspan: 2 }), cell('tableCell', '<b>x</b>', { rowspan: 2 })] },
        { type: 'tableRow', content: [cell('tableCell', 'Bob'), cell('tableCell', '7')] },
      ],
    };
    const figure = (attrs: Record<string, unknown>) => ({ type: 'image', attrs, content: [] });
    const link = (value: string, href: string) => text(value, [{ type: 'link', attrs: { href } }]);

    it('writes a table as a GFM pipe table, merged cells leaving their places empty', () => {
      expect(treeMarkdown([table])).toBe(
        ['| Name | Score \\| points | Note |', '| --- | --- | --- |', '| Ada |  | &lt;b&gt;x&lt;/b&gt; |', '| Bob | 7 |  |', ''].join('\n'),
      );
      const headless = { type: 'table', content: [{ type: 'tableRow', content: [cell('tableCell', 'a'), cell('tableCell', 'b')] }] };
      expect(treeMarkdown([headless])).toBe(['|  |  |', '| --- | --- |', '| a | b |', ''].join('\n'));
    });

    it('writes a table as HTML with its head and spans', () => {
      expect(treeHtml([table])).toBe(
        '<table><thead><tr><th><p>Name</p></th><th><p>Score | points</p></th><th><p>Note</p></th></tr></thead>' +
          '<tbody><tr><td colspan="2"><p>Ada</p></td><td rowspan="2"><p>&lt;b&gt;x&lt;/b&gt;</p></td></tr><tr><td><p>Bob</p></td><td><p>7</p></td></tr></tbody></table>',
      );
    });

    it('writes an image with its alt text and caption, and never an unsafe address', () => {
      const good = figure({ src: '/api/files/abc', alt: 'A [fox]', caption: 'Figure 1: <foxes>' });
      expect(treeMarkdown([good])).toBe('![A \\[fox\\]](</api/files/abc>)\\\n_Figure 1: &lt;foxes&gt;_\n');
      expect(treeHtml([good])).toBe('<figure><img src="/api/files/abc" alt="A [fox]"><figcaption>Figure 1: &lt;foxes&gt;</figcaption></figure>');
      const evil = figure({ src: 'javascript:alert(1)', alt: '" onerror="alert(1)', caption: '' });
      expect(treeHtml([evil])).toBe('<figure><span class="image">[&quot; onerror=&quot;alert(1)]</span></figure>');
      expect(treeMarkdown([evil])).not.toContain('javascript');
      expect(treeHtml([figure({ src: '', alt: '', pendingUpload: 'x' })])).toBe('<figure><span class="image">[Image]</span></figure>');
    });

    it('writes code blocks, quotes and rules as HTML', () => {
      expect(
        treeHtml([
          { type: 'codeBlock', attrs: { language: 'js' }, content: [text('if (a < b) {}')] },
          { type: 'blockquote', content: [paragraph('quoted')] },
          { type: 'horizontalRule', content: [] },
        ]),
      ).toBe('<pre><code>if (a &lt; b) {}</code></pre><blockquote><p>quoted</p></blockquote><hr>');
    });

    it('keeps unsafe links as plain text and writes safe ones so Markdown cannot reinterpret them', () => {
      const nodes = [
        {
          type: 'paragraph',
          content: [
            link('a', 'javascript:alert(1)'),
            link('b', 'data:text/html,x'),
            link('c', 'java\tscript:alert(1)'),
            link('d', '#section'),
            link('e', 'javascript&colon;alert(1)'),
            link('f', 'mailto:ada@example.org'),
          ],
        },
      ];
      const html = treeHtml(nodes);
      expect(html).toBe(
        '<p>abc<a href="#section" rel="noopener noreferrer nofollow">d</a><a href="javascript&amp;colon;alert(1)" rel="noopener noreferrer nofollow">e</a>' +
          '<a href="mailto:ada@example.org" rel="noopener noreferrer nofollow">f</a></p>',
      );
      const markdown = treeMarkdown(nodes);
      expect(markdown).toBe('abc[d](<#section>)[e](<javascript&amp;colon;alert(1)>)[f](<mailto:ada@example.org>)\n');
    });
  });

  it('keeps the contribution appendix from those who may not see contributions', async () => {
    expect((await server.api('GET', `/api/docs/${docId}/export?format=html&appendix=1`, { as: reviewer })).status).toBe(403);
    const plain = await server.api('GET', `/api/docs/${docId}/export?format=html`, { as: reviewer });
    expect(plain.status).toBe(200);
    expect(plain.body).not.toContain('Contributions');
  });
});
