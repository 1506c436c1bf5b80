import type { Schema } from '@tiptap/pm/model';
import { exportHref } from '../export/export-links';
import { type HtmlElement, type HtmlNode, parseHtml } from './html-tree';

/**
 * mammoth's HTML of a Word file as the editor's ProseMirror JSON, keeping
 * only what the schema (shared/editor-schema.ts) holds: paragraphs, headings
 * (Word's levels 4 to 6 become level 3), bullet and numbered lists, quotes,
 * code, rules, tables with header cells and merged cells, images, and the
 * marks bold, italic, underline, strike, code and link. A link keeps its
 * address only when it is an absolute http(s) or mailto address the editor
 * allows (shared/safe-url.ts); Word's internal links (bookmarks, footnote
 * references) keep their text. Images are data URIs in mammoth's output:
 * they are handed back to be stored as files (service.ts), and their nodes
 * are filled in or dropped then.
 */
export interface DocJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** An image found in the file: its data URI, and the node whose `src` it becomes once stored. */
export interface FoundImage {
  dataUri: string;
  node: DocJson;
}

/** At most this many images are kept from one file. */
export const maxImportedImages = 100;

const dataUri = /^data:image\/(png|jpeg|gif|webp);base64,/i;
const markOf: Record<string, string> = { strong: 'bold', b: 'bold', em: 'italic', i: 'italic', u: 'underline', s: 'strike', del: 'strike', strike: 'strike', code: 'code' };
const blockNames = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'blockquote', 'pre', 'hr', 'div', 'section', 'article', 'figure', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'dl', 'dt', 'dd']);

type Mark = NonNullable<DocJson['marks']>[number];

class Converter {
  readonly images: FoundImage[] = [];

  constructor(private readonly markRank: (type: string) => number) {}

  blocks(children: readonly HtmlNode[]): DocJson[] {
    const out: DocJson[] = [];
    let inline: HtmlNode[] = [];
    const flush = () => {
      if (inline.some((node) => typeof node !== 'string' || node.trim() !== '')) out.push(...this.textblock('paragraph', undefined, inline));
      inline = [];
    };
    for (const child of children) {
      if (typeof child === 'string' || !blockNames.has(child.name)) inline.push(child);
      else {
        flush();
        out.push(...this.block(child));
      }
    }
    flush();
    return out;
  }

  block(element: HtmlElement): DocJson[] {
    const heading = /^h([1-6])$/.exec(element.name);
    if (heading) return this.textblock('heading', { level: Math.min(3, Number(heading[1])) }, element.children);
    switch (element.name) {
      case 'p':
        return this.textblock('paragraph', undefined, element.children);
      case 'ul':
      case 'ol':
        return this.list(element);
      case 'table':
        return this.table(element);
      case 'blockquote':
        return [{ type: 'blockquote', content: filled(this.blocks(element.children)) }];
      case 'pre': {
        const code = textOf(element);
        return [{ type: 'codeBlock', content: code ? [{ type: 'text', text: code }] : [] }];
      }
      case 'hr':
        return [{ type: 'horizontalRule' }];
      default:
        return this.blocks(element.children);
    }
  }

  /** A paragraph or heading; an image inside it splits it, since images are blocks here. */
  textblock(type: string, attrs: Record<string, unknown> | undefined, children: readonly HtmlNode[]): DocJson[] {
    const out: DocJson[] = [];
    let current: DocJson[] = [];
    const close = (always: boolean) => {
      if (current.length > 0 || always) out.push({ type, ...(attrs ? { attrs } : {}), content: current });
      current = [];
    };
    this.inline(children, [], (node) => {
      if (node.type === 'image') {
        close(false);
        out.push(node);
      } else current.push(node);
    });
    close(out.length === 0);
    return out;
  }

  inline(children: readonly HtmlNode[], marks: readonly Mark[], emit: (node: DocJson) => void): void {
    for (const child of children) {
      if (typeof child === 'string') {
        const text = child.replace(/[\r\n\t]/g, ' ');
        if (text !== '') emit({ type: 'text', text, ...(marks.length > 0 ? { marks: [...marks] } : {}) });
        continue;
      }
      if (child.name === 'br') emit({ type: 'hardBreak' });
      else if (child.name === 'img') this.image(child, emit);
      else this.inline(child.children, this.marksWith(marks, child), emit);
    }
  }

  marksWith(marks: readonly Mark[], element: HtmlElement): readonly Mark[] {
    let mark: Mark | null = null;
    if (element.name === 'a') {
      const href = exportHref(element.attrs.href);
      if (href) mark = { type: 'link', attrs: { href } };
    } else if (markOf[element.name]) mark = { type: markOf[element.name]! };
    if (!mark || this.markRank(mark.type) < 0) return marks;
    const type = mark.type;
    return [...marks.filter((m) => m.type !== type), mark].sort((a, b) => this.markRank(a.type) - this.markRank(b.type));
  }

  image(element: HtmlElement, emit: (node: DocJson) => void): void {
    const src = element.attrs.src ?? '';
    if (!dataUri.test(src) || this.images.length >= maxImportedImages) return;
    const node: DocJson = { type: 'image', attrs: { src: '', alt: (element.attrs.alt ?? '').slice(0, 1000), caption: '' } };
    this.images.push({ dataUri: src, node });
    emit(node);
  }

  list(element: HtmlElement): DocJson[] {
    const items = element.children
      .filter((child): child is HtmlElement => typeof child !== 'string' && child.name === 'li')
      .map((item) => {
        const content = this.blocks(item.children);
        if (content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph', content: [] });
        return { type: 'listItem', content };
      });
    if (items.length === 0) return [];
    const start = Number(element.attrs.start);
    const attrs = element.name === 'ol' && Number.isInteger(start) && start > 1 && start < 100_000 ? { attrs: { start } } : {};
    return [{ type: element.name === 'ol' ? 'orderedList' : 'bulletList', ...attrs, content: items }];
  }

  table(element: HtmlElement): DocJson[] {
    const rows: DocJson[] = [];
    const visit = (nodes: readonly HtmlNode[]) => {
      for (const node of nodes) {
        if (typeof node === 'string') continue;
        if (node.name === 'tr') {
          const cells = node.children
            .filter((cell): cell is HtmlElement => typeof cell !== 'string' && (cell.name === 'td' || cell.name === 'th'))
            .map((cell) => ({
              type: cell.name === 'th' ? 'tableHeader' : 'tableCell',
              attrs: { colspan: span(cell.attrs.colspan), rowspan: span(cell.attrs.rowspan), colwidth: null },
              content: filled(this.blocks(cell.children)),
            }));
          if (cells.length > 0) rows.push({ type: 'tableRow', content: cells });
        } else if (node.name !== 'table') visit(node.children);
      }
    };
    visit(element.children);
    return rows.length > 0 ? [{ type: 'table', content: rows }] : [];
  }
}

function span(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(100, n) : 1;
}

/** Content that must hold a block: an empty paragraph when there is none. */
function filled(blocks: DocJson[]): DocJson[] {
  return blocks.length > 0 ? blocks : [{ type: 'paragraph', content: [] }];
}

function textOf(element: HtmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : child.name === 'br' ? '\n' : textOf(child))).join('');
}

/** The document mammoth's HTML describes, and the images to store for it. */
export function htmlToDoc(html: string, schema: Schema): { doc: DocJson; images: FoundImage[] } {
  const names = Object.keys(schema.marks);
  const converter = new Converter((type) => names.indexOf(type));
  const content = filled(converter.blocks(parseHtml(html).children));
  return { doc: { type: 'doc', content }, images: converter.images };
}

/** Removes the image nodes that were not stored (their `src` still empty), keeping every container valid. */
export function withoutUnstoredImages(node: DocJson): DocJson {
  if (!node.content) return node;
  const content = node.content.filter((child) => !(child.type === 'image' && !child.attrs?.src)).map(withoutUnstoredImages);
  const needsBlock = ['doc', 'blockquote', 'tableCell', 'tableHeader'].includes(node.type);
  if (node.type === 'listItem' && content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph', content: [] });
  return { ...node, content: needsBlock ? filled(content) : content };
}
