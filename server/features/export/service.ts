import type { Kysely } from 'kysely';
import { can } from '../../../shared/permissions';
import { documentTree } from '../../../shared/document-tree';
import type { DocNode } from '../../../shared/document-nodes';
import type { ExportFormat } from '../../../shared/schemas/history';
import type { Database } from '../../db/schema';
import type { Contributions, DocContributions } from '../contributions/service';
import type { Viewer } from '../threads/visibility';
import type { Moment, Versions, VersionRecord } from '../versions/service';
import { escapeHtml } from '../../../shared/escape-html';
import { exportComments } from './export-comments';
import { readExportImages } from './export-images';
import { documentPage, treeHtml } from './html';
import { escapeMarkdown, treeMarkdown } from './markdown';

export interface ExportedDocument {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  /** A file name made from the title, safe in a header. */
  filename: string;
}

/** What is exported, how, and for whom. */
export interface ExportRequest {
  format: ExportFormat;
  appendix: boolean;
  /** Word only: open feedback threads the viewer may see, as Word comments. */
  comments: boolean;
  /** A version of the document instead of the document as stored now. */
  version?: string | undefined;
  viewer: Viewer;
  /** Where the document sits, for the PDF's title page; images are read from this group only. */
  place: { groupId: string; groupName: string; projectName: string };
}

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What the contribution appendix says: who wrote what share, feedback, and the named versions. */
interface Appendix {
  contributions: DocContributions;
  names: ReadonlyMap<string, string>;
  versions: readonly VersionRecord[];
}

/** Versions listed in an appendix at most. */
const appendixVersions = 200;

/**
 * A document exported for handing in: Markdown, a print-friendly HTML page,
 * a Word file (docx.ts) or a PDF (pdf.ts), of the document as stored now or
 * of one of its versions, optionally with a contribution appendix (Markdown
 * and HTML) or with open feedback as Word comments. The Word and PDF
 * writers are loaded when first asked for: their libraries hold tens of
 * megabytes that a server nobody exports from need not carry.
 */
export class Exports {
  constructor(
    private readonly versions: Versions,
    private readonly contributions: Contributions,
    private readonly db: Kysely<Database>,
    private readonly filesDir: string,
  ) {}

  async render(docId: string, title: string, options: ExportRequest): Promise<ExportedDocument> {
    // A version is looked up within this document: another document's version is not found.
    const opened = options.version ? await this.versions.open(docId, options.version) : null;
    const moment: Moment = opened ? opened.moment : await this.versions.at(docId, {});
    const base = fileBase(opened ? `${title} ${opened.version.name ?? 'version'}` : title);
    let content: DocNode[];
    try {
      content = documentTree(moment.doc);
      if (options.format === 'docx') {
        const comments = options.comments ? await exportComments(this.db, docId, options.viewer, moment.doc) : [];
        const images = await readExportImages(this.db, this.filesDir, options.place.groupId, content);
        const { docxDocument } = await import('./docx');
        return { body: await docxDocument({ title, content, images, comments }), contentType: docxType, filename: `${base}.docx` };
      }
    } finally {
      moment.doc.destroy();
    }
    if (options.format === 'pdf') {
      const images = await readExportImages(this.db, this.filesDir, options.place.groupId, content);
      const { pdfDocument } = await import('./pdf');
      const body = await pdfDocument({
        title,
        place: `${options.place.groupName} · ${options.place.projectName}`,
        version: opened ? (opened.version.name ?? 'Unnamed version') : null,
        date: opened?.moment.at ?? Date.now(),
        content,
        images,
      });
      return { body, contentType: 'application/pdf', filename: `${base}.pdf` };
    }
    const appendix = options.appendix ? await this.#appendix(docId, can(options.viewer.role, 'readPrivateFeedback')) : null;
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
