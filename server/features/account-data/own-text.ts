import { type DocNode, isTextNode } from '../../../shared/document-nodes';
import { escapeMarkdown } from '../export/markdown';

/**
 * The text one person wrote in a document as it stands now, in reading
 * order: per block (a paragraph, a heading, a table cell), the runs of
 * characters whose author is them, joined by " … " where someone else's text
 * came between. Nobody else's text is in it, so it can be handed to the
 * person even for a document they can no longer open.
 */
export function ownTextRuns(nodes: readonly DocNode[], userId: string): string[][] {
  const blocks: string[][] = [];
  const visit = (children: readonly DocNode[]) => {
    let runs: string[] | null = null;
    let open = false;
    for (const node of children) {
      if (isTextNode(node)) {
        if (node.author === userId && node.change !== 'delete') {
          runs ??= [];
          if (open) runs[runs.length - 1] += node.text;
          else runs.push(node.text);
          open = true;
        } else {
          open = false;
        }
      } else {
        open = false;
        visit(node.content);
      }
    }
    if (runs) blocks.push(runs);
  };
  visit(nodes);
  return blocks;
}

/** The runs as a Markdown file: a title, then one paragraph per block. */
export function ownTextMarkdown(title: string, blocks: readonly (readonly string[])[]): string {
  const heading = `# What you wrote in “${escapeMarkdown(title)}”`;
  if (blocks.length === 0) return `${heading}\n\nNone of the text in this document now is yours.\n`;
  const paragraphs = blocks.map((runs) => guardLineStart(runs.map((run) => escapeMarkdown(run.replace(/\s+/g, ' ').trim())).join(' … ')));
  return `${heading}\n\n${paragraphs.join('\n\n')}\n`;
}

/** A paragraph that starts like a heading, quote, list item or rule stays text. */
function guardLineStart(paragraph: string): string {
  return paragraph.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}
