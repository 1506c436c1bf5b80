import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentContent, initialUpdate, isEmptyContent, markdownTemplate } from './template';

const json = (markdown: string) => markdownTemplate(markdown).toJSON();

describe('a Markdown template in the editor’s schema', () => {
  it('maps headings, marks, lists, task lists, quotes, code and rules onto the editor’s nodes', () => {
    const doc = markdownTemplate(
      '# Title\n\n#### Deep\n\nSome *em*, **strong**, ~~gone~~, `code` and [a link](https://example.test "t").\n\n' +
        '3. three\n4. four\n\n- a\n  - nested\n\n+ [ ] to do\n+ [x] done\n\n> quoted\n\n```js\nlet x = 1;\n```\n\n---\n\nline  \nbreak',
    );
    expect(doc.content.content.map((node) => node.type.name)).toEqual([
      'heading',
      'heading',
      'paragraph',
      'orderedList',
      'bulletList',
      'taskList',
      'blockquote',
      'codeBlock',
      'horizontalRule',
      'paragraph',
    ]);
    expect(doc.child(0).attrs.level).toBe(1);
    expect(doc.child(1).attrs.level).toBe(3);
    const marks = new Map<string, string[]>();
    doc.child(2).forEach((text) => marks.set(text.text!, text.marks.map((mark) => mark.type.name)));
    expect(Object.fromEntries(marks)).toMatchObject({ em: ['italic'], strong: ['bold'], gone: ['strike'], code: ['code'], 'a link': ['link'] });
    expect(doc.child(3).attrs.start).toBe(3);
    expect(doc.child(5).toJSON().content.map((item: { attrs: { checked: boolean } }) => item.attrs.checked)).toEqual([false, true]);
    expect(doc.child(5).textContent).toBe('to dodone');
    expect(doc.child(7).attrs.language).toBe('js');
    expect(doc.child(9).child(1).type.name).toBe('hardBreak');
  });

  it('keeps raw HTML, images and unsafe links as text', () => {
    const doc = markdownTemplate('<script>alert(1)</script>\n\n![a picture](https://example.test/p.png) [bad](javascript:alert(1)) <b>x</b>');
    expect(doc.textContent).toContain('<script>alert(1)</script>');
    expect(doc.textContent).toContain('[bad](javascript:alert(1))');
    expect(doc.textContent).toContain('<b>x</b>');
    const hrefs: string[] = [];
    doc.descendants((node) => {
      for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(mark.attrs.href as string);
    });
    expect(hrefs).toEqual(['https://example.test/p.png']);
    expect(doc.textContent.startsWith('<script>')).toBe(true);
  });

  it('keeps a list whose items are not all tasks a bullet list with its brackets', () => {
    expect(json('- [ ] task\n- plain')).toMatchObject({ content: [{ type: 'bulletList' }] });
    expect(markdownTemplate('- [ ] task\n- plain').textContent).toBe('[ ] taskplain');
  });

  it('reads pathological input in bounded time, and correctly', () => {
    const started = performance.now();
    // 100,000 stars on a line are a thematic break in CommonMark.
    expect(json('*'.repeat(100_000))).toEqual({ type: 'doc', content: [{ type: 'horizontalRule' }] });
    // Stars inside text that never close stay text, every one of them.
    expect(markdownTemplate(`a ${'*'.repeat(100_000)} b`).textContent).toBe(`a ${'*'.repeat(100_000)} b`);
    // Nested brackets that never make a link stay text.
    const brackets = '['.repeat(50_000) + 'x' + ']'.repeat(50_000);
    expect(markdownTemplate(brackets).textContent).toBe(brackets);
    // Quotes nested far deeper than the cap: a bounded tree, no stack overflow.
    const deep = markdownTemplate('>'.repeat(100_000) + ' deep');
    let depth = 0;
    for (let node = deep; node.firstChild; node = node.firstChild) depth += 1;
    expect(depth).toBeLessThanOrEqual(110);
    // Under load on two shared cores; on a quiet machine each takes well under a second.
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('writes into a fresh Yjs document that reads back as the same content, and knows an empty template', () => {
    const content = markdownTemplate('# Essay\n\nStart *here*.');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initialUpdate(content, 4242));
    expect(documentContent(doc).eq(content)).toBe(true);
    expect([...doc.store.clients.keys()]).toEqual([4242]);
    doc.destroy();
    expect(isEmptyContent(markdownTemplate(''))).toBe(true);
    expect(isEmptyContent(markdownTemplate('   \n\n'))).toBe(true);
    expect(isEmptyContent(content)).toBe(false);
  });
});
