import { defaultLeafNodes, type DocNode, type ElementNode, isTextblock, isTextNode, type TextNode } from '../../../shared/document-nodes';
import { safeHref } from './html';
import { tableGrid, tableRows } from './table-grid';
import { productFilePath } from '../../../shared/schemas/files';

/**
 * Markdown (CommonMark, with GFM's ~~strike~~) of a document tree. User text
 * is escaped so that it stays text: Markdown's punctuation gets a backslash,
 * and `&`, `<` and `>` become entities, so no user HTML reaches a Markdown
 * renderer. Only code keeps its characters as written, where Markdown
 * renders them literally anyway.
 */
export function treeMarkdown(nodes: readonly DocNode[]): string {
  return blocksOf(nodes).join('\n\n') + '\n';
}

/**
 * Escapes the characters that mean something anywhere in a line (emphasis,
 * code, links, tables, strike) and HTML's special characters. What means
 * something only at a line's start is guarded by `guardLineStarts`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
}

/** A heading (#), list item (-, +, 1. or 1)) or rule that text would start at a line's start stays text. */
function guardLineStarts(text: string): string {
  return text.replace(/(^|\n)([ \t]*)(#|-|\+|=|\d+(?=[.)]))/g, (_, line: string, indent: string, start: string) =>
    /^\d/.test(start) ? `${line}${indent}${start}\\` : `${line}${indent}\\${start}`,
  );
}

function blocksOf(nodes: readonly DocNode[]): string[] {
  const blocks: string[] = [];
  let inline: DocNode[] = [];
  const flushInline = () => {
    if (inline.length > 0) blocks.push(inlineOf(inline));
    inline = [];
  };
  for (const node of nodes) {
    if (isTextNode(node) || node.type === 'hardBreak') {
      inline.push(node);
      continue;
    }
    flushInline();
    blocks.push(blockOf(node));
  }
  flushInline();
  return blocks;
}

function blockOf(node: ElementNode): string {
  switch (node.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      return `${'#'.repeat(level)} ${inlineOf(node.content)}`;
    }
    case 'blockquote':
      return prefixLines(blocksOf(node.content).join('\n\n'), '> ', '> ');
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const start = Number(node.attrs?.start);
      const first = Number.isInteger(start) ? start : 1;
      return node.content
        .filter((item): item is ElementNode => !isTextNode(item))
        .map((item, i) => {
          const marker =
            node.type === 'orderedList' ? `${first + i}. ` : node.type === 'taskList' ? `- [${item.attrs?.checked === true ? 'x' : ' '}] ` : '- ';
          return prefixLines(blocksOf(item.content).join('\n\n'), marker, ' '.repeat(marker.length));
        })
        .join('\n');
    }
    case 'codeBlock': {
      const code = node.content.map((child) => (isTextNode(child) ? child.text : '')).join('');
      const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/[^\w+-]/g, '') : '';
      return `${fence}${language}\n${code}\n${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'image':
      return imageMarkdown(node);
    case 'table':
      return tableMarkdown(node);
    default:
      if (isTextblock(node, defaultLeafNodes)) return inlineOf(node.content);
      return blocksOf(node.content).join('\n\n');
  }
}

/** `![alt](src)`, and the caption as an emphasised line under it; an image not yet uploaded is its alt text. */
function imageMarkdown(node: ElementNode): string {
  const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
  const caption = typeof node.attrs?.caption === 'string' ? node.attrs.caption.trim() : '';
  // Only this product's files: an address elsewhere would have every reader's browser fetch it.
  const src = typeof node.attrs?.src === 'string' ? productFilePath(node.attrs.src) : null;
  const picture = src ? `![${escapeMarkdown(alt)}](<${destination(src)}>)` : escapeMarkdown(`[${alt || 'Image'}]`);
  return caption ? `${picture}\\\n_${escapeMarkdown(caption).replace(/\n/g, ' ')}_` : picture;
}

/**
 * A GFM pipe table. GFM has no merged cells: a merged cell's text is in its
 * first place and the places it covered stay empty. A table without a header
 * row gets an empty one, which GFM requires.
 */
function tableMarkdown(node: ElementNode): string {
  const grid = tableGrid(node);
  const hasHead = tableRows(node).head !== null;
  const line = (cells: (ElementNode | null)[]) => `| ${cells.map((cell) => (cell ? cellMarkdown(cell) : '')).join(' | ')} |`;
  const width = grid[0]?.length ?? 1;
  const head = hasHead && grid[0] ? line(grid[0]) : line(Array.from({ length: width }, () => null));
  const rule = `|${' --- |'.repeat(width)}`;
  return [head, rule, ...(hasHead ? grid.slice(1) : grid).map(line)].join('\n');
}

/** A cell's blocks on one line: a line break would end the table row. */
function cellMarkdown(cell: ElementNode): string {
  return blocksOf(cell.content)
    .join(' ')
    .replace(/\\?\n/g, ' ')
    .trim();
}

/**
 * A link's destination inside `<…>`: Markdown reads entities and backslash
 * escapes there, so `&` is written as an entity, and what would end the
 * destination is percent-encoded.
 */
function destination(href: string): string {
  return href.replace(/[<>\s\\]/g, encodeURIComponent).replace(/&/g, '&amp;');
}

function inlineOf(nodes: readonly DocNode[]): string {
  const text = nodes.map((node) => (isTextNode(node) ? textOf(node) : node.type === 'hardBreak' ? '\\\n' : '')).join('');
  return guardLineStarts(text);
}

function textOf(node: TextNode): string {
  const marks = node.marks ?? [];
  if (marks.some((mark) => mark.type === 'code')) {
    const ticks = '`'.repeat(longestBacktickRun(node.text) + 1);
    const pad = node.text.startsWith('`') || node.text.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${node.text}${pad}${ticks}`;
  }
  // Emphasis must hug its text: spaces at either end stay outside the delimiters.
  // Cut by trimming (a lazy middle before `\s*$` would retry the spaces inside the text from each place: the square of its length).
  const core = node.text.trim();
  if (core === '') return node.text;
  const leadLength = node.text.length - node.text.trimStart().length;
  const lead = node.text.slice(0, leadLength);
  const trail = node.text.slice(leadLength + core.length);
  let text = escapeMarkdown(core);
  for (const mark of marks) {
    if (mark.type === 'bold') text = `**${text}**`;
    else if (mark.type === 'italic') text = `_${text}_`;
    else if (mark.type === 'strike') text = `~~${text}~~`;
    else if (mark.type === 'link') {
      const href = safeHref(mark.attrs?.href);
      if (href) text = `[${text}](<${destination(href)}>)`;
    }
  }
  return `${lead}${text}${trail}`;
}

/** The longest run of backticks in a text, counted in one pass (spreading every run into Math.max overflows the stack on a long text). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' ? rest.trimEnd() : rest) + line)
    .join('\n');
}
