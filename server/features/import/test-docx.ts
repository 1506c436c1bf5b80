import { deflateRawSync } from 'node:zlib';
import { Document, ExternalHyperlink, HeadingLevel, ImageRun, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { testPng } from '../export/test-documents';

/**
 * Word files for the import tests, made with the `docx` package as Word
 * would save them, and hostile archives made by hand.
 */

export const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A report with a heading, a list, a table, a safe and a hostile link, and an image. */
export async function sampleWordFile(): Promise<Uint8Array> {
  const document = new Document({
    numbering: { config: [{ reference: 'bullets', levels: [{ level: 0, format: LevelFormat.BULLET, text: '•' }] }] },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Imported results')] }),
          new Paragraph({ children: [new TextRun('Some '), new TextRun({ text: 'bold', bold: true }), new TextRun(' words.')] }),
          new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun('First point')] }),
          new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun('Second point')] }),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: [new TableCell({ children: [new Paragraph('Sample')] }), new TableCell({ children: [new Paragraph('Value')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('A')] }), new TableCell({ children: [new Paragraph('42')] })] }),
            ],
          }),
          new Paragraph({
            children: [
              new ExternalHyperlink({ link: 'https://example.org/safe', children: [new TextRun('safe link')] }),
              new TextRun(' and '),
              new ExternalHyperlink({ link: 'javascript:alert(1)', children: [new TextRun('hostile link')] }),
            ],
          }),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: testPng(20, 10), transformation: { width: 20, height: 10 }, altText: { name: 'chart', description: 'A small chart', title: 'chart' } })] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** A ZIP archive of the given entries (deflated unless `stored`), with sizes as declared by `declare` when given. */
export function zipOf(entries: { name: string; data: Uint8Array; stored?: boolean; declare?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = entry.stored ? Buffer.from(entry.data) : deflateRawSync(entry.data);
    const name = Buffer.from(entry.name);
    const size = entry.declare ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.stored ? 0 : 8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.stored ? 0 : 8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** A ".docx" whose document part inflates from a few hundred kilobytes to `megabytes` of zeros. */
export function zipBomb(megabytes: number, options: { honest: boolean }): Uint8Array {
  const zeros = new Uint8Array(megabytes * 1024 * 1024);
  // Honest: the archive declares the huge size. Lying: it declares 1 KiB and inflates to the same huge size.
  return zipOf([
    { name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
    { name: 'word/document.xml', data: zeros, ...(options.honest ? {} : { declare: 1024 }) },
  ]);
}
