import { describe, expect, it } from 'vitest';
import { documentSchema } from '../../../shared/editor-schema';
import { htmlToDoc, withoutUnstoredImages } from './html-to-doc';

/**
 * mammoth's HTML to the editor's content: only the schema's nodes and marks,
 * safe links only, a valid document whatever the input, in linear time.
 */
const schema = documentSchema();
const convert = (html: string) => {
  const { doc, images } = htmlToDoc(html, schema);
  const valid = withoutUnstoredImages(doc);
  schema.nodeFromJSON(valid).check();
  return { doc, valid, images };
};

describe('html to document', () => {
  it('keeps headings, marks, safe links, lists and tables; drops unsafe links and unknown tags', () => {
    const { valid } = convert(
      '<h4>Deep &amp; <em>low</em></h4><p><strong>b</strong><u>u</u><s>s</s><a href="https://ex.org/">ok</a><a href="javascript:alert(1)">bad</a><a href="#_Toc1">toc</a><script>x</script></p>' +
        '<ul><li><ol><li>nested</li></ol></li></ul><table><thead><tr><th colspan="2">H</th></tr></thead><tbody><tr><td>a</td><td rowspan="999">b</td></tr></tbody></table>',
    );
    const json = JSON.stringify(valid);
    expect(valid.content![0]).toMatchObject({ type: 'heading', attrs: { level: 3 } });
    expect(json).toContain('{"type":"link","attrs":{"href":"https://ex.org/"}}');
    expect(json).not.toContain('javascript');
    expect(json).not.toContain('_Toc1');
    expect(json).toContain('"text":"bad"');
    expect(json).toContain('"rowspan":100');
    // A list item that starts with a list gets an empty paragraph first, as the schema asks.
    expect(valid.content![2]!.content![0]!.content![0]).toEqual({ type: 'paragraph', content: [] });
  });

  it('splits a paragraph around an image and drops images that were not stored', () => {
    const { doc, images, valid } = convert('<p>before<img alt="x" src="data:image/png;base64,AAAA" />after</p><p><img src="https://tracker.example/p.gif" /></p>');
    expect(images).toHaveLength(1);
    expect(doc.content!.map((n) => n.type)).toEqual(['paragraph', 'image', 'paragraph', 'paragraph']);
    expect(valid.content!.map((n) => n.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);
  });

  it('reads hostile HTML in linear time and always yields a valid document', () => {
    const cases = [
      '<div>'.repeat(100_000) + 'deep' + '</div>'.repeat(100_000),
      '&'.repeat(500_000),
      '<!'.repeat(200_000),
      '<p a="' + 'x'.repeat(500_000),
      '<' + 'a '.repeat(200_000),
      '</p>'.repeat(200_000),
    ];
    for (const html of cases) {
      const started = performance.now();
      convert(html);
      expect(performance.now() - started, html.slice(0, 12)).toBeLessThan(2000);
    }
  });
});
