import PDFDocument from 'pdfkit';
import { defaultLeafNodes, type DocNode, type ElementNode, isTextblock, isTextNode, type TextNode } from '../../../shared/document-nodes';
import type { ExportImages } from './export-images';
import { exportHref } from './export-links';
import { type PdfFont, pdfFontPath, pdfFonts } from './pdf-fonts';

/**
 * A document as a PDF with a print layout: a title page (title, group and
 * project, date, the version if one is exported), then the content with
 * headings, lists, quotes, code, tables as a simple grid and images (PNG and
 * JPEG; other formats print their alt text), and "Page N of M" at the foot of
 * every page. Drawn with pdfkit from the document tree; user text is only
 * ever text.
 */
export interface PdfInput {
  title: string;
  place: string;
  /** The version exported, if any. */
  version: string | null;
  date: number;
  content: readonly DocNode[];
  images: ExportImages;
}

type Doc = PDFKit.PDFDocument;
const leaves = defaultLeafNodes;
const margin = 64;
const bodySize = 11;
const headingSizes = [20, 16, 13.5];
const indentStep = 18;
const text = '#111111';
const muted = '#555555';

/** A run of inline text with how it is drawn. */
interface Segment {
  text: string;
  font: PdfFont;
  link: string | null;
  underline: boolean;
  strike: boolean;
}

function segmentsOf(children: readonly DocNode[]): Segment[] {
  const out: Segment[] = [];
  for (const node of children) {
    if (!isTextNode(node)) {
      if (node.type === 'hardBreak') out.push({ text: '\n', font: 'regular', link: null, underline: false, strike: false });
      continue;
    }
    out.push(segment(node));
  }
  return out;
}

function segment(node: TextNode): Segment {
  const has = (type: string) => (node.marks ?? []).some((mark) => mark.type === type);
  const link = exportHref((node.marks ?? []).find((mark) => mark.type === 'link')?.attrs?.href);
  const font: PdfFont = has('code') ? 'mono' : has('bold') && has('italic') ? 'boldItalic' : has('bold') ? 'bold' : has('italic') ? 'italic' : 'regular';
  return { text: node.text, font, link, underline: has('underline') || link !== null, strike: has('strike') };
}

class PdfWriter {
  /** The colour of body text here (quotes are muted). */
  color = text;

  constructor(
    private readonly doc: Doc,
    private readonly images: ExportImages,
  ) {}

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  blocks(nodes: readonly DocNode[], indent: number): void {
    for (const node of nodes) if (!isTextNode(node)) this.block(node, indent);
  }

  block(node: ElementNode, indent: number): void {
    const { doc } = this;
    switch (node.type) {
      case 'heading': {
        const level = Math.min(3, Math.max(1, Number(node.attrs?.level) || 1));
        doc.moveDown(0.4);
        this.inline(segmentsOf(node.content).map((s) => ({ ...s, font: s.font === 'mono' ? 'mono' : 'bold' })), indent, headingSizes[level - 1]!);
        return;
      }
      case 'bulletList':
      case 'orderedList':
      case 'taskList':
        return this.list(node, indent);
      case 'blockquote': {
        const outer = this.color;
        this.color = muted;
        this.blocks(node.content, indent + indentStep);
        this.color = outer;
        return;
      }
      case 'codeBlock': {
        const code = node.content.map((child) => (isTextNode(child) ? child.text : '')).join('');
        doc.font('mono').fontSize(9.5).fillColor('#222222').text(code, this.left + indent + 8, doc.y, { width: this.width - indent - 8 });
        doc.fillColor(text).moveDown(0.5);
        return;
      }
      case 'horizontalRule': {
        doc.moveDown(0.3);
        const y = doc.y;
        doc.moveTo(this.left + indent, y).lineTo(this.left + this.width, y).strokeColor('#999999').lineWidth(0.7).stroke();
        doc.moveDown(0.6);
        return;
      }
      case 'image':
        return this.image(node, indent);
      case 'table':
        return this.table(node, indent);
      default:
        if (isTextblock(node, leaves)) this.inline(segmentsOf(node.content), indent, bodySize);
        else this.blocks(node.content, indent);
    }
  }

  /** A paragraph of segments at `indent`, with an optional marker (a bullet, a number) hanging before it. */
  inline(segments: readonly Segment[], indent: number, size: number, marker?: string): void {
    const { doc } = this;
    const x = this.left + indent;
    const width = this.width - indent;
    const shown = segments.filter((s) => s.text !== '');
    doc.fontSize(size);
    if (doc.y + doc.currentLineHeight(true) > this.bottom) doc.addPage();
    const y = doc.y;
    if (marker) doc.font('regular').fillColor(this.color).text(marker, x - indentStep, y, { width: indentStep, lineBreak: false });
    if (shown.length === 0) {
      doc.font('regular').text(' ', x, y, { width });
    }
    shown.forEach((s, i) => {
      const options = { width, continued: i < shown.length - 1, underline: s.underline, strike: s.strike, link: s.link ?? undefined };
      doc.font(s.font).fillColor(s.link ? '#1a4f9c' : this.color);
      if (i === 0) doc.text(s.text, x, y, options);
      else doc.text(s.text, options);
    });
    doc.moveDown(0.45);
  }

  list(node: ElementNode, indent: number): void {
    const start = Number(node.attrs?.start);
    let number = Number.isInteger(start) ? start : 1;
    for (const item of node.content) {
      if (isTextNode(item)) continue;
      const marker = node.type === 'orderedList' ? `${number++}.` : node.type === 'taskList' ? (item.attrs?.checked === true ? '☑' : '☐') : '•';
      let first = true;
      for (const child of item.content) {
        if (isTextNode(child)) continue;
        if (first && isTextblock(child, leaves) && !leaves.has(child.type)) {
          this.inline(segmentsOf(child.content), indent + indentStep, bodySize, marker);
        } else {
          this.block(child, indent + indentStep);
        }
        first = false;
      }
    }
  }

  image(node: ElementNode, indent: number): void {
    const { doc } = this;
    const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
    const caption = typeof node.attrs?.caption === 'string' ? node.attrs.caption.trim() : '';
    const found = typeof node.attrs?.src === 'string' ? this.images.get(node.attrs.src) : undefined;
    let drawn = false;
    if (found && (found.mediaType === 'image/png' || found.mediaType === 'image/jpeg')) {
      // Pixels at 96 per inch, in points; never wider than the text nor taller than most of a page.
      let w = Math.min(this.width - indent, found.width * 0.75);
      let h = (w * found.height) / found.width;
      const maxH = (this.bottom - doc.page.margins.top) * 0.8;
      if (h > maxH) {
        w = (w * maxH) / h;
        h = maxH;
      }
      if (doc.y + h > this.bottom) doc.addPage();
      const y = doc.y;
      try {
        doc.image(Buffer.from(found.bytes), this.left + indent + (this.width - indent - w) / 2, y, { width: w, height: h });
        doc.y = y + h + 4;
        drawn = true;
      } catch {
        // A picture pdfkit cannot draw prints its alt text.
      }
    }
    if (!drawn) this.inline([{ text: `[image${alt ? `: ${alt}` : ''}]`, font: 'italic', link: null, underline: false, strike: false }], indent, bodySize);
    if (caption) {
      doc.font('italic').fontSize(9.5).fillColor(muted).text(caption, this.left + indent, doc.y, { width: this.width - indent, align: 'center' });
      doc.fillColor(text).moveDown(0.5);
    }
  }

  table(node: ElementNode, indent: number): void {
    const { doc } = this;
    const layout = tableLayout(node);
    if (layout.rows.length === 0) return;
    const colWidth = (this.width - indent) / layout.columns;
    const pad = 4;
    doc.fontSize(9.5);
    const heights = layout.rows.map((cells) =>
      Math.max(
        18,
        ...cells.filter((cell) => cell.rowspan === 1).map((cell) => doc.font(cell.header ? 'bold' : 'regular').heightOfString(cell.text || ' ', { width: cell.colspan * colWidth - 2 * pad }) + 2 * pad),
      ),
    );
    let y = doc.y + 2;
    layout.rows.forEach((cells, r) => {
      if (y + heights[r]! > this.bottom) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      for (const cell of cells) {
        const x = this.left + indent + cell.column * colWidth;
        const w = cell.colspan * colWidth;
        const h = Math.min(this.bottom - y, heights.slice(r, r + cell.rowspan).reduce((a, b) => a + b, 0));
        if (cell.header) doc.rect(x, y, w, h).fill('#ededed');
        doc.rect(x, y, w, h).lineWidth(0.6).strokeColor('#888888').stroke();
        doc.font(cell.header ? 'bold' : 'regular').fontSize(9.5).fillColor(text).text(cell.text, x + pad, y + pad, { width: w - 2 * pad, height: h - pad });
      }
      y += heights[r]!;
    });
    doc.x = this.left;
    doc.y = y;
    doc.moveDown(0.6);
  }
}

interface PlacedCell {
  column: number;
  colspan: number;
  rowspan: number;
  header: boolean;
  text: string;
}

/** Where each cell of a table sits in the grid, skipping columns that a cell above still spans. */
export function tableLayout(node: ElementNode): { columns: number; rows: PlacedCell[][] } {
  const taken: number[] = [];
  let columns = 1;
  const rows = node.content.filter((row): row is ElementNode => !isTextNode(row)).map((row) => {
    let column = 0;
    const cells: PlacedCell[] = [];
    for (const cell of row.content) {
      if (isTextNode(cell)) continue;
      while ((taken[column] ?? 0) > 0) column++;
      const colspan = span(cell.attrs?.colspan);
      const rowspan = span(cell.attrs?.rowspan);
      cells.push({ column, colspan, rowspan, header: cell.type === 'tableHeader', text: plainText(cell.content) });
      for (let c = column; c < column + colspan; c++) taken[c] = Math.max(taken[c] ?? 0, rowspan);
      column += colspan;
    }
    columns = Math.max(columns, column, taken.length);
    for (let c = 0; c < taken.length; c++) taken[c] = Math.max(0, (taken[c] ?? 0) - 1);
    return cells;
  });
  return { columns, rows };
}

function span(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(100, n) : 1;
}

/** A cell's text: its paragraphs as lines. */
function plainText(nodes: readonly DocNode[]): string {
  const lines: string[] = [];
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (isTextNode(node)) continue;
      if (isTextblock(node, leaves) && !leaves.has(node.type)) lines.push(node.content.map((c) => (isTextNode(c) ? c.text : c.type === 'hardBreak' ? '\n' : '')).join(''));
      else visit(node.content);
    }
  };
  visit(nodes);
  return lines.join('\n');
}

function titlePage(doc: Doc, input: PdfInput): void {
  const width = doc.page.width - 2 * margin;
  doc.y = doc.page.height * 0.3;
  doc.font('bold').fontSize(26).fillColor(text).text(input.title, margin, doc.y, { width, align: 'center' });
  doc.moveDown(1);
  doc.font('regular').fontSize(13).fillColor(muted).text(input.place, { width, align: 'center' });
  if (input.version) doc.moveDown(0.3).text(`Version: ${input.version}`, { width, align: 'center' });
  doc.moveDown(0.3).text(new Date(input.date).toISOString().slice(0, 10), { width, align: 'center' });
  doc.fillColor(text);
}

/** Writes "Page N of M" at the foot of every page, once all are laid out. */
function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(muted)
      .text(`Page ${i + 1} of ${range.count}`, margin, doc.page.height - margin / 2 - 6, { width: doc.page.width - 2 * margin, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** The PDF of a document, as bytes. */
export function pdfDocument(input: PdfInput): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new PDFDocument({ size: 'A4', margin, bufferPages: true, info: { Title: input.title, Creator: 'Commonplace' }, lang: 'en' });
  for (const font of pdfFonts) doc.registerFont(font, pdfFontPath(font));
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  titlePage(doc, input);
  doc.addPage();
  doc.font('regular').fontSize(bodySize).fillColor(text);
  new PdfWriter(doc, input.images).blocks(input.content, 0);
  pageNumbers(doc);
  doc.end();
  return done;
}
