import { defaultLeafNodes } from '../../../shared/anchors';
import { type DocNode, type ElementNode, isTextblock, isTextNode, type TextNode } from '../../../shared/document-tree';
import { safeHref } from './html';

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
      const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/[^\w+-]/g, '') : '';
      return `${fence}${language}\n${code}\n${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'image':
      return escapeMarkdown(`[${typeof node.attrs?.alt === 'string' ? node.attrs.alt : 'image'}]`);
    default:
      if (isTextblock(node, defaultLeafNodes)) return inlineOf(node.content);
      return blocksOf(node.content).join('\n\n');
  }
}

function inlineOf(nodes: readonly DocNode[]): string {
  const text = nodes.map((node) => (isTextNode(node) ? textOf(node) : node.type === 'hardBreak' ? '\\\n' : '')).join('');
  return guardLineStarts(text);
}

function textOf(node: TextNode): string {
  const marks = node.marks ?? [];
  if (marks.some((mark) => mark.type === 'code')) {
    const longest = Math.max(0, ...(node.text.match(/`+/g) ?? []).map((run) => run.length));
    const ticks = '`'.repeat(longest + 1);
    const pad = node.text.startsWith('`') || node.text.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${node.text}${pad}${ticks}`;
  }
  // Emphasis must hug its text: spaces at either end stay outside the delimiters.
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(node.text) ?? [];
  if (core === '') return node.text;
  let text = escapeMarkdown(core);
  for (const mark of marks) {
    if (mark.type === 'bold') text = `**${text}**`;
    else if (mark.type === 'italic') text = `_${text}_`;
    else if (mark.type === 'strike') text = `~~${text}~~`;
    else if (mark.type === 'link') {
      const href = safeHref(mark.attrs?.href);
      if (href) text = `[${text}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    }
  }
  return `${lead}${text}${trail}`;
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' ? rest.trimEnd() : rest) + line)
    .join('\n');
}
