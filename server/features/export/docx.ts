import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  type INumberingOptions,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { defaultLeafNodes, type DocNode, type ElementNode, isTextblock, isTextNode } from '../../../shared/document-nodes';
import { CommentMarkers, inlineRuns, monospace, nodeSize } from './docx-inline';
import type { ExportComment } from './export-comments';
import type { ExportImages } from './export-images';

/**
 * A document as a Word file, written with `docx` straight from the document
 * tree (shared/document-tree.ts): headings, paragraphs with their marks,
 * bullet, numbered and task lists (nested), quotes, code, rules, tables with
 * a header row and merged cells, images with their alt text and caption, and
 * optionally open feedback threads as Word comments on the text they are
 * anchored to. Every piece of user text is a text run: nothing is parsed.
 */
export interface DocxInput {
  title: string;
  content: readonly DocNode[];
  images: ExportImages;
  comments: readonly ExportComment[];
}

const leaves = defaultLeafNodes;

/** What a section, a table cell or a comment holds. */
type Block = Paragraph | Table;
/** Widest an image is drawn, in pixels at 96 per inch (the text width of an A4 page with 2.5 cm margins). */
const maxImageWidth = 600;
/** The text width in twentieths of a point, for table columns. */
const textWidthTwips = 9000;

const headingLevels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

const numbering: INumberingOptions = {
  config: [
    {
      reference: 'bullets',
      levels: Array.from({ length: 9 }, (_, level) => ({
        level,
        format: LevelFormat.BULLET,
        text: ['•', '◦', '▪'][level % 3]!,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      })),
    },
    {
      reference: 'numbers',
      levels: Array.from({ length: 9 }, (_, level) => ({
        level,
        format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3]!,
        text: `%${level + 1}.`,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      })),
    },
  ],
};

/** Where a block sits: its list depth, whether in a quote, and the list marker its first paragraph still takes. */
interface Place {
  listLevel: number;
  quoted: boolean;
  /** Taken by the first paragraph of a list item. */
  marker: { numbering?: { reference: string; level: number; instance?: number }; prefix?: string } | null;
}

class DocxWriter {
  readonly markers: CommentMarkers;
  #orderedLists = 0;

  constructor(private readonly input: DocxInput) {
    this.markers = new CommentMarkers(input.comments);
  }

  /** The blocks of a container whose content starts at position `start`. */
  blocks(nodes: readonly DocNode[], start: number, place: Place): Block[] {
    const out: Block[] = [];
    let pos = start;
    for (const node of nodes) {
      if (!isTextNode(node)) out.push(...this.block(node, pos, place));
      pos += nodeSize(node, leaves);
    }
    return out;
  }

  block(node: ElementNode, pos: number, place: Place): Block[] {
    const inside = pos + 1;
    switch (node.type) {
      case 'heading': {
        const level = Math.min(3, Math.max(1, Number(node.attrs?.level) || 1));
        return [this.paragraph(inlineRuns(node.content, inside, this.markers, leaves), place, { heading: headingLevels[level - 1] })];
      }
      case 'bulletList':
      case 'taskList':
      case 'orderedList':
        return this.list(node, inside, place);
      case 'blockquote':
        return this.blocks(node.content, inside, { ...place, quoted: true });
      case 'codeBlock': {
        const runs: ParagraphChild[] = [...this.markers.upTo(inside)];
        const text = node.content.map((child) => (isTextNode(child) ? child.text : '')).join('');
        text.split('\n').forEach((line, i) => runs.push(new TextRun({ text: line, font: monospace, break: i > 0 ? 1 : 0 })));
        runs.push(...this.markers.upTo(pos + nodeSize(node, leaves)));
        return [this.paragraph(runs, place, { shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } })];
      }
      case 'horizontalRule':
        return [new Paragraph({ children: this.markers.upTo(pos + 1), thematicBreak: true })];
      case 'image':
        return this.image(node, pos, place);
      case 'table':
        return [this.table(node, inside)];
      default:
        if (isTextblock(node, leaves)) return [this.paragraph(inlineRuns(node.content, inside, this.markers, leaves), place, {})];
        return this.blocks(node.content, inside, place);
    }
  }

  /** A paragraph placed in its list and quote, taking the list item's marker if it is the item's first. */
  paragraph(children: ParagraphChild[], place: Place, options: Partial<ConstructorParameters<typeof Paragraph>[0] & object>): Paragraph {
    const marker = place.marker;
    place.marker = null;
    const prefix = marker?.prefix ? [new TextRun(marker.prefix)] : [];
    const indent = place.listLevel > 0 && !marker?.numbering ? { indent: { left: 720 * place.listLevel } } : {};
    const quote = place.quoted
      ? { indent: { left: 720 * (place.listLevel + 1) }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'AAAAAA', space: 8 } } }
      : {};
    return new Paragraph({
      ...options,
      ...indent,
      ...quote,
      ...(marker?.numbering ? { numbering: marker.numbering } : {}),
      children: [...prefix, ...children],
    });
  }

  list(node: ElementNode, start: number, place: Place): Block[] {
    const level = Math.min(8, place.listLevel);
    const instance = node.type === 'orderedList' ? ++this.#orderedLists : undefined;
    const out: Block[] = [];
    let pos = start;
    for (const item of node.content) {
      if (!isTextNode(item)) {
        const marker =
          node.type === 'taskList'
            ? { prefix: item.attrs?.checked === true ? '☑ ' : '☐ ' }
            : { numbering: { reference: node.type === 'orderedList' ? 'numbers' : 'bullets', level, ...(instance ? { instance } : {}) } };
        out.push(...this.blocks(item.content, pos + 1, { listLevel: place.listLevel + 1, quoted: place.quoted, marker }));
      }
      pos += nodeSize(item, leaves);
    }
    return out;
  }

  image(node: ElementNode, pos: number, place: Place): Block[] {
    const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
    const caption = typeof node.attrs?.caption === 'string' ? node.attrs.caption.trim() : '';
    const found = typeof node.attrs?.src === 'string' ? this.input.images.get(node.attrs.src) : undefined;
    const type = found && ({ 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' } as const)[found.mediaType];
    const children: ParagraphChild[] = [...this.markers.upTo(pos)];
    if (found && type) {
      const scale = Math.min(1, maxImageWidth / found.width);
      children.push(
        new ImageRun({
          type,
          data: found.bytes,
          transformation: { width: Math.max(1, Math.round(found.width * scale)), height: Math.max(1, Math.round(found.height * scale)) },
          altText: { name: alt || 'Image', description: alt, title: caption || alt },
        }),
      );
    } else {
      children.push(new TextRun({ text: `[image${alt ? `: ${alt}` : ''}]`, italics: true }));
    }
    children.push(...this.markers.upTo(pos + 1));
    const out: Block[] = [this.paragraph(children, place, { alignment: AlignmentType.CENTER })];
    if (caption) out.push(this.paragraph([new TextRun({ text: caption, italics: true, size: 20 })], place, { alignment: AlignmentType.CENTER, style: 'Caption' }));
    return out;
  }

  table(node: ElementNode, start: number): Table {
    const rows = node.content.filter((row): row is ElementNode => !isTextNode(row));
    const columns = Math.max(1, ...rows.map((row) => row.content.reduce((sum, cell) => sum + (isTextNode(cell) ? 0 : span(cell, 'colspan')), 0)));
    const width = Math.floor(textWidthTwips / columns);
    let pos = start;
    const tableRows = rows.map((row) => {
      let cellPos = pos + 1;
      const cells = row.content.flatMap((cell) => {
        if (isTextNode(cell)) return [];
        const header = cell.type === 'tableHeader';
        const children = this.blocks(cell.content, cellPos + 1, { listLevel: 0, quoted: false, marker: null });
        cellPos += nodeSize(cell, leaves);
        return [
          new TableCell({
            children: children.length > 0 ? children : [new Paragraph('')],
            columnSpan: span(cell, 'colspan'),
            rowSpan: span(cell, 'rowspan'),
            ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'EDEDED', color: 'auto' } } : {}),
          }),
        ];
      });
      pos += nodeSize(row, leaves);
      const header = row.content.length > 0 && row.content.every((cell) => !isTextNode(cell) && cell.type === 'tableHeader');
      return new TableRow({ children: cells, ...(header ? { tableHeader: true } : {}) });
    });
    return new Table({ rows: tableRows, width: { size: 100, type: WidthType.PERCENTAGE }, columnWidths: Array.from({ length: columns }, () => width) });
  }
}

/** A cell's colspan or rowspan: a whole number from 1 to 100 (anything else counts as 1). */
function span(cell: ElementNode, name: 'colspan' | 'rowspan'): number {
  const value = Number(cell.attrs?.[name]);
  return Number.isInteger(value) && value >= 1 ? Math.min(100, value) : 1;
}

/** The Word file of a document, as bytes. */
export async function docxDocument(input: DocxInput): Promise<Uint8Array<ArrayBuffer>> {
  const writer = new DocxWriter(input);
  const body = writer.blocks(input.content, 0, { listLevel: 0, quoted: false, marker: null });
  // Comments whose end lies past the last paragraph (anchored at the very end) close in a paragraph of their own.
  if (writer.markers.pending) body.push(new Paragraph({ children: writer.markers.upTo(Infinity) }));
  const comments = input.comments.map((comment, id) => ({
    id,
    author: comment.message.author,
    initials: initials(comment.message.author),
    date: new Date(comment.message.at),
    children: [comment.message, ...comment.replies].map(
      (message, i) => new Paragraph({ children: i === 0 ? [new TextRun(message.text)] : [new TextRun({ text: `${message.author}: `, bold: true }), new TextRun(message.text)] }),
    ),
  }));
  const document = new Document({
    title: input.title,
    creator: 'Commonplace',
    numbering,
    comments: { children: comments },
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children: [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] }), ...body] }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 3)
      .map((word) => [...word][0]!.toUpperCase())
      .join('') || '?'
  );
}
