import { escapeHtml } from '../../../shared/escape-html';
import { type DocNode, type ElementNode, isTextNode, type Mark, type TextNode } from '../../../shared/document-nodes';
import { checkLink } from '../../../shared/safe-url';
import { tableRows } from './table-grid';
import { productFilePath } from '../../../shared/schemas/files';

/**
 * Print-friendly HTML of a document tree (shared/document-tree.ts). Every
 * piece of user text and every attribute value is escaped; node and mark
 * names only choose among fixed tags, and a link or an image keeps its
 * address only when it is safe (shared/safe-url.ts). No user HTML is ever
 * interpreted.
 */

/**
 * An address a reader may follow (shared/safe-url.ts: web, email or
 * relative), written out as the URL standard spells it; else null, and the
 * link's text stays plain text.
 */
export function safeHref(value: unknown): string | null {
  const check = checkLink(value);
  if (!check.ok) return null;
  try {
    // Absolute addresses come out normalised (quotes and spaces percent-encoded).
    return /^[a-z][a-z0-9+.-]*:/i.test(check.href) ? new URL(check.href).href : check.href;
  } catch {
    return null;
  }
}

const blockTags: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  bulletList: 'ul',
  listItem: 'li',
  taskList: 'ul',
  taskItem: 'li',
  table: 'table',
  tableRow: 'tr',
  tableCell: 'td',
  tableHeader: 'th',
};

const markTags: Record<string, string> = {
  bold: 'strong',
  italic: 'em',
  strike: 's',
  underline: 'u',
  code: 'code',
  highlight: 'mark',
  subscript: 'sub',
  superscript: 'sup',
};

/** The HTML of a tree's nodes (a fragment, without a page around it). */
export function treeHtml(nodes: readonly DocNode[]): string {
  return nodes.map(nodeHtml).join('');
}

function nodeHtml(node: DocNode): string {
  return isTextNode(node) ? textHtml(node) : elementHtml(node);
}

function elementHtml(node: ElementNode): string {
  const inner = treeHtml(node.content);
  let html: string;
  switch (node.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      html = `<h${level}>${inner}</h${level}>`;
      break;
    }
    case 'orderedList': {
      const start = Number(node.attrs?.start);
      html = Number.isInteger(start) && start !== 1 ? `<ol start="${start}">${inner}</ol>` : `<ol>${inner}</ol>`;
      break;
    }
    case 'codeBlock':
      html = `<pre><code>${inner}</code></pre>`;
      break;
    case 'horizontalRule':
      html = '<hr>';
      break;
    case 'hardBreak':
      html = '<br>';
      break;
    case 'image':
      html = imageHtml(node);
      break;
    case 'table':
      html = tableHtml(node);
      break;
    case 'taskItem':
      html = `<li class="task">${node.attrs?.checked === true ? '☑' : '☐'} ${inner}</li>`;
      break;
    default: {
      const tag = blockTags[node.type] ?? 'div';
      html = `<${tag}>${inner}</${tag}>`;
    }
  }
  return node.change ? `<div class="${node.change}">${html}</div>` : html;
}

/** A figure: the picture with its alt text, and its caption under it. */
function imageHtml(node: ElementNode): string {
  const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
  const caption = typeof node.attrs?.caption === 'string' ? node.attrs.caption.trim() : '';
  // Only this product's files: an address elsewhere would have every reader's browser fetch it.
  const src = typeof node.attrs?.src === 'string' ? productFilePath(node.attrs.src) : null;
  // An image still waiting in its uploader's browser has no address yet: its alt text stands in.
  const picture = src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">` : `<span class="image">[${escapeHtml(alt || 'Image')}]</span>`;
  return `<figure>${picture}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}

/** A table: a first row of header cells becomes its head; merged cells keep their spans. */
function tableHtml(node: ElementNode): string {
  const { head, body } = tableRows(node);
  const rowHtml = (row: ElementNode) =>
    `<tr>${row.content
      .filter((cell): cell is ElementNode => !isTextNode(cell))
      .map((cell) => {
        const tag = cell.type === 'tableHeader' ? 'th' : 'td';
        const span = (name: 'colspan' | 'rowspan') => {
          const value = Number(cell.attrs?.[name]);
          return Number.isInteger(value) && value > 1 && value <= 1000 ? ` ${name}="${value}"` : '';
        };
        return `<${tag}${span('colspan')}${span('rowspan')}>${treeHtml(cell.content)}</${tag}>`;
      })
      .join('')}</tr>`;
  const thead = head ? `<thead>${rowHtml(head)}</thead>` : '';
  return `<table>${thead}<tbody>${body.map(rowHtml).join('')}</tbody></table>`;
}

function textHtml(node: TextNode): string {
  let html = escapeHtml(node.text);
  for (const mark of node.marks ?? []) html = markHtml(mark, html);
  if (node.change === 'insert') html = `<ins>${html}</ins>`;
  if (node.change === 'delete') html = `<del>${html}</del>`;
  return html;
}

function markHtml(mark: Mark, inner: string): string {
  if (mark.type === 'link') {
    const href = safeHref(mark.attrs?.href);
    return href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${inner}</a>` : inner;
  }
  const tag = markTags[mark.type];
  return tag ? `<${tag}>${inner}</${tag}>` : inner;
}

const pageStyle = `
  body { font: 12pt/1.5 Georgia, 'Times New Roman', serif; color: #111; max-width: 42em; margin: 2em auto; padding: 0 1em; }
  h1, h2, h3, h4, h5, h6 { font-family: system-ui, sans-serif; line-height: 1.2; }
  pre { background: #f4f4f4; padding: 0.75em; white-space: pre-wrap; }
  blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1em; color: #333; }
  table { border-collapse: collapse; }
  figure { margin: 1em 0; } figure img { max-width: 100%; } figcaption { font-size: 10pt; color: #333; }
  td, th { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; }
  .appendix { break-before: page; font-family: system-ui, sans-serif; font-size: 10pt; }
  .appendix td.number, .appendix th.number { text-align: right; }
  @media print { body { margin: 0; max-width: none; } a { color: inherit; } }
`;

/** A whole, self-contained page: print it for a PDF. */
export function documentPage(title: string, body: string, appendix: string | null): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${pageStyle}</style>`,
    '</head>',
    '<body>',
    `<article><h1>${escapeHtml(title)}</h1>${body}</article>`,
    appendix ? `<section class="appendix">${appendix}</section>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
