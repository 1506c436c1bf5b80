import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../errors';

/**
 * A Word file is a ZIP archive. Before any converter opens one, its central
 * directory is read here, and every entry is inflated with a cap on its
 * output, so that a small file which would inflate to gigabytes (a "zip
 * bomb") is refused after reading at most `totalBytes` of output, in time
 * linear in that. What is refused:
 *
 * - not a ZIP, or a ZIP without `word/document.xml` (415: not a Word file);
 * - more than `entries` entries, ZIP64 or split archives, entries that point
 *   outside the file, a compression method other than stored or deflate;
 * - more than `totalBytes` once inflated (declared or actual), an entry
 *   inflating to more than it declares, or a ratio past `ratio`.
 */
export const docxZipLimits = {
  entries: 2000,
  totalBytes: 50 * 1024 * 1024,
  /** Inflated size over compressed size, for an entry past 1 MiB (text compresses 5-20 times; 100 is already absurd). */
  ratio: 200,
} as const;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's data starts in the file. */
  dataOffset: number;
}

const notWord = () => new AppError('unsupported_media_type', 'This is not a Word file (.docx): save it from Word or LibreOffice as a .docx and try again.');
const hostile = (why: string) => new AppError('bad_request', `This Word file cannot be imported: ${why}.`);

/** The entries of the archive, checked against `docxZipLimits`; throws a 400 or 415 AppError. */
export function docxEntries(bytes: Uint8Array, limits: typeof docxZipLimits = docxZipLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22 || view.getUint32(0, true) !== 0x04034b50) throw notWord();
  // The end record is in the last 22 + 65535 (its comment) bytes: a bounded search.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notWord();
  const disk = view.getUint16(end + 4, true);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (disk !== 0 || count === 0xffff || directoryOffset === 0xffffffff) throw hostile('it is a split or ZIP64 archive');
  if (count > limits.entries) throw hostile(`it holds ${count} parts (at most ${limits.entries})`);
  if (directoryOffset + directorySize > end) throw hostile('its table of contents is damaged');

  const entries: ZipEntry[] = [];
  let declared = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) throw hostile('its table of contents is damaged');
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== 0x04034b50) throw hostile('a part of it is damaged');
    const dataOffset = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > bytes.length) throw hostile('a part of it is cut short');
    if (method !== 0 && method !== 8) throw hostile('a part of it is compressed in an unusual way');
    declared += uncompressedSize;
    if (declared > limits.totalBytes) throw hostile(`it would unpack to more than ${limits.totalBytes / 1024 / 1024} MB`);
    if (uncompressedSize > 1024 * 1024 && uncompressedSize / Math.max(1, compressedSize) > limits.ratio) throw hostile('a part of it unpacks to an absurd size');
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
  }
  if (!entries.some((entry) => entry.name === 'word/document.xml')) throw notWord();
  // Declared sizes may lie: inflate each part, never past what it declares.
  for (const entry of entries) readEntry(bytes, entry);
  return entries;
}

/** An entry's bytes, inflated to at most its declared size (a part that inflates to more is refused). */
export function readEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw hostile('a part of it is damaged');
    return data;
  }
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    if (out.length !== entry.uncompressedSize) throw hostile('a part of it is not the size it declares');
    return out;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw hostile(err instanceof RangeError ? 'a part of it unpacks to more than it declares' : 'a part of it is damaged');
  }
}
