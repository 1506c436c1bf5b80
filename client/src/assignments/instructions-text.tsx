import type { ReactNode } from 'react';

/**
 * An assignment's instructions, written in Markdown, drawn as React
 * elements (never as HTML, so nothing an instructor types can run): headings,
 * paragraphs, bulleted and numbered lists, quotes, **bold**, *italic*,
 * `code` and [links](https://…). Anything else shows as the text it is.
 */
export function InstructionsText({ markdown }: { markdown: string }) {
  return <div className="instructions-text">{blocksOf(markdown)}</div>;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] };

/** The blocks of a Markdown text: a blank line ends a paragraph, a marker starts a heading, list item or quote. */
export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (line === '') {
      endParagraph();
    } else if (heading) {
      endParagraph();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (bullet || numbered) {
      endParagraph();
      const ordered = Boolean(numbered);
      const item = (bullet ?? numbered)![1]!;
      const last = blocks.at(-1);
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item);
      else blocks.push({ kind: 'list', ordered, items: [item] });
    } else if (quote) {
      endParagraph();
      const last = blocks.at(-1);
      if (last?.kind === 'quote') last.text += ` ${quote[1]}`;
      else blocks.push({ kind: 'quote', text: quote[1]! });
    } else {
      paragraph.push(line);
    }
  }
  endParagraph();
  return blocks;
}

function blocksOf(markdown: string): ReactNode[] {
  return parseBlocks(markdown).map((block, i) => {
    switch (block.kind) {
      case 'heading': {
        // Headings inside the instructions sit below the page's own h1 and h2.
        const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[Math.min(block.level, 4) - 1]!;
        return <Tag key={i}>{inline(block.text)}</Tag>;
      }
      case 'paragraph':
        return <p key={i}>{inline(block.text)}</p>;
      case 'quote':
        return <blockquote key={i}>{inline(block.text)}</blockquote>;
      case 'list': {
        const items = block.items.map((item, j) => <li key={j}>{inline(item)}</li>);
        return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      }
    }
  });
}

/**
 * Each part scans only up to the next character that could start another
 * match (a label and an address stop at a `[`), so no character is read
 * again from many starts: linear in the text, whatever an instructor writes.
 */
const inlinePattern = /(\*\*([^*]+)\*\*|\*([^*]+)\*|_([^_]+)_|`([^`]+)`|\[([^[\]]+)\]\(([^)\s[]+)\))/g;

/** Only web and mail links are followed; any other address (javascript:, data:) stays text. */
function safeHref(href: string): string | null {
  return /^(https?:\/\/|mailto:|\/(?!\/))/i.test(href) ? href : null;
}

function inline(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(inlinePattern)) {
    const index = match.index;
    if (index > at) parts.push(text.slice(at, index));
    const [whole, , bold, italic, underscored, code, label, href] = match;
    const key = parts.length;
    if (bold) parts.push(<strong key={key}>{bold}</strong>);
    else if (italic ?? underscored) parts.push(<em key={key}>{italic ?? underscored}</em>);
    else if (code) parts.push(<code key={key}>{code}</code>);
    else if (label && href && safeHref(href)) {
      parts.push(
        <a key={key} href={safeHref(href)!} target={href.startsWith('/') ? undefined : '_blank'} rel="noreferrer noopener">
          {label}
        </a>,
      );
    } else parts.push(whole);
    at = index + whole.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
