import type { CSSProperties, ReactNode } from 'react';
import { type DocNode, type ElementNode, isTextNode, type Mark, type TextNode } from '../../../shared/document-nodes';
import { unknownAuthorColor } from './author-colors';

/**
 * A document tree (shared/document-tree.ts) as React elements, read-only.
 * Text only: every string becomes a text node, never HTML, so what people
 * wrote cannot become markup here; link targets are kept only for web and
 * mail addresses.
 */
export interface DocumentViewProps {
  nodes: readonly DocNode[];
  /** `authors`: text tinted by who wrote it; `changes`: a comparison, insertions and deletions marked. */
  colouring?: 'none' | 'authors' | 'changes';
  /** Colours by user id (author-colors.ts). */
  colors?: ReadonlyMap<string, string>;
  /** Names by user id, for the tooltip of each piece. */
  names?: ReadonlyMap<string, string>;
  label: string;
}

export function DocumentView({ nodes, colouring = 'none', colors = new Map(), names = new Map(), label }: DocumentViewProps) {
  const context: RenderContext = { colouring, colors, names };
  return (
    <div className="document-view document-text" role="document" aria-label={label}>
      {nodes.length === 0 ? <p className="muted">The document was empty.</p> : renderNodes(nodes, context)}
    </div>
  );
}

interface RenderContext {
  colouring: NonNullable<DocumentViewProps['colouring']>;
  colors: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
}

function renderNodes(nodes: readonly DocNode[], context: RenderContext): ReactNode[] {
  return nodes.map((node, index) => (isTextNode(node) ? renderText(node, index, context) : renderElement(node, index, context)));
}

/** Only these schemes become links: no `javascript:` or `data:` in a href. */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const href = value.trim();
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : undefined;
}

function withMark(mark: Mark, child: ReactNode, key: number): ReactNode {
  switch (mark.type) {
    case 'bold':
      return <strong key={key}>{child}</strong>;
    case 'italic':
      return <em key={key}>{child}</em>;
    case 'strike':
      return <s key={key}>{child}</s>;
    case 'underline':
      return <u key={key}>{child}</u>;
    case 'code':
      return <code key={key}>{child}</code>;
    case 'link': {
      const href = safeHref(mark.attrs?.href);
      return href ? (
        <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {child}
        </a>
      ) : (
        <span key={key}>{child}</span>
      );
    }
    default:
      return <span key={key}>{child}</span>;
  }
}

function authorName(author: string | null | undefined, context: RenderContext): string {
  if (!author) return 'Unknown author';
  return context.names.get(author) ?? 'Unknown author';
}

function colourOf(author: string | null | undefined, context: RenderContext): string {
  return (author && context.colors.get(author)) || unknownAuthorColor;
}

function renderText(node: TextNode, index: number, context: RenderContext): ReactNode {
  let content: ReactNode = node.text;
  for (const [depth, mark] of (node.marks ?? []).entries()) content = withMark(mark, content, depth);
  if (context.colouring === 'authors') {
    return (
      <span
        key={index}
        className="authored"
        data-author-id={node.author ?? undefined}
        title={authorName(node.author, context)}
        style={{ '--author-color': colourOf(node.author, context) } as CSSProperties}
      >
        {content}
      </span>
    );
  }
  if (context.colouring === 'changes' && node.change) {
    // Inserted text in its author's colour; deleted text in the colour of whoever deleted it.
    const who = node.change === 'delete' ? (node.deletedBy ?? null) : node.author;
    const style = { '--author-color': colourOf(who, context) } as CSSProperties;
    const title = node.change === 'delete' ? `Deleted by ${authorName(who, context)}` : `Inserted by ${authorName(who, context)}`;
    return node.change === 'delete' ? (
      <del key={index} className="change change-delete" data-user-id={who ?? undefined} title={title} style={style}>
        {content}
      </del>
    ) : (
      <ins key={index} className="change change-insert" data-user-id={who ?? undefined} title={title} style={style}>
        {content}
      </ins>
    );
  }
  return <span key={index}>{content}</span>;
}

function renderElement(node: ElementNode, index: number, context: RenderContext): ReactNode {
  const children = renderNodes(node.content, context);
  const changed = context.colouring === 'changes' && node.change ? `block-${node.change}` : undefined;
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'paragraph':
      return (
        <p key={index} className={changed}>
          {children.length > 0 ? children : <br />}
        </p>
      );
    case 'heading': {
      const level = attrs.level === 1 || attrs.level === 2 || attrs.level === 3 ? attrs.level : 2;
      const Heading = `h${level}` as 'h1' | 'h2' | 'h3';
      return (
        <Heading key={index} className={changed}>
          {children}
        </Heading>
      );
    }
    case 'bulletList':
      return (
        <ul key={index} className={changed}>
          {children}
        </ul>
      );
    case 'orderedList':
      return (
        <ol key={index} className={changed} start={typeof attrs.start === 'number' ? attrs.start : undefined}>
          {children}
        </ol>
      );
    case 'listItem':
      return (
        <li key={index} className={changed}>
          {children}
        </li>
      );
    case 'taskList':
      return (
        <ul key={index} className={['task-list', changed].filter(Boolean).join(' ')} data-type="taskList">
          {children}
        </ul>
      );
    case 'taskItem': {
      const checked = attrs.checked === true || attrs.checked === 'true';
      return (
        <li key={index} className={changed} data-checked={checked}>
          <input type="checkbox" checked={checked} disabled aria-label={checked ? 'Done' : 'Not done'} />
          <div>{children}</div>
        </li>
      );
    }
    case 'blockquote':
      return (
        <blockquote key={index} className={changed}>
          {children}
        </blockquote>
      );
    case 'codeBlock':
      return (
        <pre key={index} className={changed}>
          <code>{children}</code>
        </pre>
      );
    case 'horizontalRule':
      return <hr key={index} />;
    case 'hardBreak':
      return <br key={index} />;
    default:
      return (
        <div key={index} className={changed}>
          {children}
        </div>
      );
  }
}
