import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { MarkdownParser } from 'prosemirror-markdown';
import * as Y from 'yjs';
import { anchorFragmentName } from '../../../shared/anchors';
import { documentSchema } from '../../../shared/editor-schema';

/**
 * What each team's copy of an assignment starts from, as the editor's
 * document (shared/editor-schema.ts), and the one Yjs update that writes it
 * into a new, empty copy.
 *
 * A Markdown template is read by markdown-it (CommonMark, with GFM's
 * ~~strike~~ and `- [ ]` task lists, the same dialect the Markdown export
 * writes) and mapped onto the editor's nodes by prosemirror-markdown. Raw
 * HTML stays text, links markdown-it deems unsafe (`javascript:`) stay text,
 * and what the editor cannot hold becomes the nearest thing it can: an image
 * a `!` and a link to it, a heading deeper than 3 a heading of level 3,
 * a table its text. Blocks nested deeper than `maxNesting` (quotes in lists
 * in quotes...) end the template there, and emphasis nested deeper stays
 * text, so a hostile template cannot build a tree deep enough to exhaust
 * the stack.
 *
 * A document template is copied by content: its current tree, rebuilt into
 * a fresh Yjs document, so no copy carries the template's history or the
 * Yjs client ids of whoever wrote it.
 */

/** How deep blocks and inline marks may nest in a template (markdown-it's own cap, as its default preset has it). */
const maxNesting = 100;

let parser: MarkdownParser | null = null;

function markdownParser(): MarkdownParser {
  if (parser) return parser;
  const tokenizer = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });
  // An option markdown-it reads (its presets set it) that its type declarations leave out.
  Object.assign(tokenizer.options, { maxNesting });
  tokenizer.enable('strikethrough');
  // The editor has no images: `![alt](src)` reads as `!` and a link to the image.
  tokenizer.disable('image');
  tokenizer.core.ruler.after('inline', 'task_lists', (state) => {
    markTaskLists(state.tokens);
    return true;
  });
  parser = new MarkdownParser(documentSchema(), tokenizer, {
    blockquote: { block: 'blockquote' },
    paragraph: { block: 'paragraph' },
    list_item: { block: 'listItem' },
    bullet_list: { block: 'bulletList' },
    ordered_list: { block: 'orderedList', getAttrs: (token) => ({ start: Number(token.attrGet('start')) || 1 }) },
    task_list: { block: 'taskList' },
    task_item: { block: 'taskItem', getAttrs: (token) => ({ checked: token.attrGet('checked') === 'true' }) },
    heading: { block: 'heading', getAttrs: (token) => ({ level: Math.min(3, Number(token.tag.slice(1)) || 1) }) },
    code_block: { block: 'codeBlock', noCloseToken: true },
    fence: { block: 'codeBlock', getAttrs: (token) => ({ language: token.info.trim().split(/\s+/)[0] || null }), noCloseToken: true },
    hr: { node: 'horizontalRule' },
    hardbreak: { node: 'hardBreak' },
    em: { mark: 'italic' },
    strong: { mark: 'bold' },
    s: { mark: 'strike' },
    link: { mark: 'link', getAttrs: (token) => ({ href: token.attrGet('href'), title: token.attrGet('title') || null }) },
    code_inline: { mark: 'code', noCloseToken: true },
  });
  return parser;
}

/** The editor's document a Markdown template reads as. */
export function markdownTemplate(markdown: string): ProseMirrorNode {
  return markdownParser().parse(markdown);
}

/** The editor's document a Yjs document holds now (its content only). */
export function documentContent(doc: Y.Doc): ProseMirrorNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(anchorFragmentName), documentSchema());
}

/** Whether the document holds nothing but an empty paragraph. */
export function isEmptyContent(content: ProseMirrorNode): boolean {
  return content.childCount === 0 || (content.childCount === 1 && content.firstChild!.isTextblock && content.firstChild!.content.size === 0);
}

/**
 * The update that writes `content` into an empty document under Yjs client
 * id `clientId`. A copy is a new document, so one update (and one client id)
 * serves every team's copy: client ids need only be unique within a document.
 */
export function initialUpdate(content: ProseMirrorNode, clientId: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  try {
    prosemirrorToYXmlFragment(content, doc.getXmlFragment(anchorFragmentName));
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

const taskMarker = /^\[([ xX])\][ \t]/;

/**
 * A bullet list whose every item starts with `[ ] ` or `[x] ` is a task
 * list (GFM), as the Markdown export writes one; a list with any other item
 * stays a bullet list with the brackets as text.
 */
function markTaskLists(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.type !== 'bullet_list_open') continue;
    const items: { open: Token; close: Token; text: Token; inline: Token; checked: boolean }[] = [];
    let close: Token | null = null;
    let itemOpen: Token | null = null;
    for (let j = i + 1; j < tokens.length; j++) {
      const token = tokens[j]!;
      if (token.level !== open.level + 1 && !(token.type === 'bullet_list_close' && token.level === open.level)) continue;
      if (token.type === 'bullet_list_close') {
        close = token;
        break;
      }
      if (token.type === 'list_item_open') {
        itemOpen = token;
        const inline = tokens[j + 2];
        const text = inline?.type === 'inline' && tokens[j + 1]?.type === 'paragraph_open' ? inline.children?.[0] : undefined;
        const marker = text?.type === 'text' ? taskMarker.exec(text.content) : null;
        if (!marker || !inline || !text) break;
        items.push({ open: token, close: token, text, inline, checked: marker[1] !== ' ' });
      } else if (token.type === 'list_item_close' && itemOpen) {
        items.at(-1)!.close = token;
        itemOpen = null;
      }
    }
    if (!close || items.length === 0 || items.some((item) => item.close === item.open)) continue;
    open.type = 'task_list_open';
    close.type = 'task_list_close';
    for (const item of items) {
      item.open.type = 'task_item_open';
      item.open.attrSet('checked', String(item.checked));
      item.close.type = 'task_item_close';
      item.text.content = item.text.content.slice(4);
      item.inline.content = item.inline.content.slice(4);
    }
  }
}
