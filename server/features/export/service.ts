import { type DocNode, documentTree } from '../../../shared/document-tree';
import type { Contributions, DocContributions } from '../contributions/service';
import type { Versions, VersionRecord } from '../versions/service';
import { escapeHtml } from '../../../shared/escape-html';
import { documentPage, treeHtml } from './html';
import { escapeMarkdown, treeMarkdown } from './markdown';

export type ExportFormat = 'md' | 'html';

export interface ExportedDocument {
  body: string;
  contentType: string;
  /** A file name made from the title, safe in a header. */
  filename: string;
}

/** What the contribution appendix says: who wrote what share, feedback, and the named versions. */
interface Appendix {
  contributions: DocContributions;
  names: ReadonlyMap<string, string>;
  versions: readonly VersionRecord[];
}

/** Versions listed in an appendix at most. */
const appendixVersions = 200;

/**
 * A document exported for handing in: Markdown, or a
 * print-friendly HTML page (the browser's print makes the PDF), of the
 * document as stored now, optionally with a contribution appendix.
 */
export class Exports {
  constructor(
    private readonly versions: Versions,
    private readonly contributions: Contributions,
  ) {}

  async render(docId: string, title: string, options: { format: ExportFormat; appendix: boolean; includePrivateFeedback: boolean }): Promise<ExportedDocument> {
    const moment = await this.versions.at(docId, {});
    const content = documentTree(moment.doc);
    moment.doc.destroy();
    const appendix = options.appendix ? await this.#appendix(docId, options.includePrivateFeedback) : null;
    const base = fileBase(title);
    if (options.format === 'html') {
      return {
        body: documentPage(title, treeHtml(content), appendix && appendixHtml(appendix)),
        contentType: 'text/html; charset=utf-8',
        filename: `${base}.html`,
      };
    }
    return {
      body: markdownDocument(title, content, appendix),
      contentType: 'text/markdown; charset=utf-8',
      filename: `${base}.md`,
    };
  }

  async #appendix(docId: string, includePrivateFeedback: boolean): Promise<Appendix> {
    const contributions = await this.contributions.forDoc(docId, includePrivateFeedback);
    const page = await this.versions.list(docId, { limit: appendixVersions });
    const versions = page.items.filter((version) => version.kind !== 'auto' && version.last_update_id !== null);
    const people = await this.contributions.people(contributions.contributors.map((c) => c.userId));
    const names = new Map([...people].map(([id, user]) => [id, user.name]));
    return { contributions, names, versions };
  }
}

interface AppendixRow {
  name: string;
  share: string;
  cells: number[];
}

const appendixColumns = ['Characters now', 'Inserted', 'Pasted', 'Deleted', 'Feedback given', 'Feedback received'];

function appendixRows({ contributions, names }: Appendix): AppendixRow[] {
  const total = contributions.documentCharacters;
  return contributions.contributors.map((c) => ({
    name: names.get(c.userId) ?? 'Former user',
    share: total > 0 ? `${((100 * c.surviving) / total).toFixed(1)}%` : '0%',
    cells: [
      c.surviving,
      c.totals?.inserted ?? 0,
      c.totals?.pasted ?? 0,
      c.totals?.deleted ?? 0,
      c.feedback.threads + c.feedback.replies,
      c.feedback.received,
    ],
  }));
}

function versionLine(version: VersionRecord): { name: string; detail: string } {
  const when = formatTime(version.created_at);
  const by = version.creator ? ` by ${version.creator.name}` : '';
  const kind = version.kind === 'deadline' ? 'deadline, locked' : 'named';
  return { name: version.name ?? 'Untitled', detail: `${when} (${kind}${by})` };
}

function appendixHtml(appendix: Appendix): string {
  const head = ['Member', 'Share of the text', ...appendixColumns]
    .map((column, i) => `<th${i > 0 ? ' class="number"' : ''}>${escapeHtml(column)}</th>`)
    .join('');
  const rows = appendixRows(appendix)
    .map((row) => `<tr><td>${escapeHtml(row.name)}</td><td class="number">${row.share}</td>${row.cells.map((n) => `<td class="number">${n}</td>`).join('')}</tr>`)
    .join('');
  const versions = appendix.versions.map(versionLine).map((line) => `<li><strong>${escapeHtml(line.name)}</strong>, ${escapeHtml(line.detail)}</li>`);
  return [
    '<h2>Contributions</h2>',
    `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`,
    '<h2>Named versions</h2>',
    versions.length > 0 ? `<ul>${versions.join('')}</ul>` : '<p>None.</p>',
    `<p>Exported ${escapeHtml(formatTime(Date.now()))}.</p>`,
  ].join('\n');
}

function markdownDocument(title: string, content: DocNode[], appendix: Appendix | null): string {
  const parts = [`# ${escapeMarkdown(title)}`, treeMarkdown(content).trimEnd()];
  if (appendix) {
    const header = ['Member', 'Share of the text', ...appendixColumns];
    const table = [
      `| ${header.join(' | ')} |`,
      `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
      ...appendixRows(appendix).map((row) => `| ${[escapeMarkdown(row.name), row.share, ...row.cells].join(' | ')} |`),
    ].join('\n');
    const versions = appendix.versions.map(versionLine).map((line) => `- **${escapeMarkdown(line.name)}**, ${escapeMarkdown(line.detail)}`);
    parts.push('---', '## Contributions', table, '## Named versions', versions.length > 0 ? versions.join('\n') : 'None.', `Exported ${formatTime(Date.now())}.`);
  }
  return parts.join('\n\n') + '\n';
}

function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function fileBase(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 80);
  return base || 'document';
}
