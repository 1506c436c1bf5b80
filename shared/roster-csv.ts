/**
 * Reading a CSV file (RFC 4180) from its bytes: UTF-8 decoded strictly, then
 * split into records in one pass over the text. Quoted fields may hold
 * commas, line breaks and doubled quotes; lines end with CRLF, LF or CR; a
 * byte order mark is skipped. Every step is linear in the input's length
 * and nothing backtracks, so a hostile file (a million quotes, one huge
 * field) costs what its length costs.
 */

/** A record of the file: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Something wrong with the file itself, and where. */
export interface CsvProblem {
  line: number | null;
  message: string;
}

export type Decoded = { ok: true; text: string } | { ok: false; problem: CsvProblem & { byte: number } };

/**
 * The text of UTF-8 bytes, or where they stop being UTF-8: a file saved as
 * Latin-1 or Windows-1252 is refused with its first bad byte, rather than
 * read with replacement characters in people's names.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < at; i += 1) if (bytes[i] === 0x0a) line += 1;
    const shown = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      problem: {
        line,
        byte: at,
        message: `The file is not UTF-8: byte ${at + 1} (0x${shown}) on line ${line} is not valid. Save it as "CSV UTF-8" and send it again.`,
      },
    };
  }
}

/** The offset of the first byte that breaks UTF-8 (the length when none does). Linear, no lookback. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // The length of the sequence, and the range its second byte must fall in
    // (which rules out overlong forms, surrogates and code points past U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits CSV text into records. Lenient where a spreadsheet would be (a
 * quote inside an unquoted field is kept as written; text after a closing
 * quote is kept and reported), strict where data would be lost (a quote
 * never closed is a problem of the file). Blank lines are no records.
 */
export function parseCsv(input: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const n = text.length;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let i = 0;

  const endRecord = () => {
    // A line with nothing on it is no record (a trailing newline, a spacer row).
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  /** Steps over the line break at `i` (CRLF, LF or CR). */
  const breakLine = () => {
    if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 1;
    i += 1;
    line += 1;
  };

  while (i <= n) {
    // At the start of a field.
    if (fields.length === 0) recordLine = line;
    if (i === n) {
      if (fields.length > 0) {
        fields.push('');
        endRecord();
      }
      break;
    }
    if (text.charCodeAt(i) === QUOTE) {
      const openedOn = line;
      const parts: string[] = [];
      let start = i + 1;
      i += 1;
      let closed = false;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            parts.push(text.slice(start, i + 1));
            i += 2;
            start = i;
            continue;
          }
          parts.push(text.slice(start, i));
          i += 1;
          closed = true;
          break;
        }
        if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line += 1;
        i += 1;
      }
      if (!closed) {
        problems.push({ line: openedOn, message: `A quote opened on line ${openedOn} is never closed, so the rest of the file is one field.` });
        parts.push(text.slice(start, n));
        fields.push(parts.join(''));
        endRecord();
        break;
      }
      // After the closing quote: a separator, a line break, the end, or stray text.
      const strayStart = i;
      while (i < n && !isSeparator(text.charCodeAt(i))) i += 1;
      if (i > strayStart) {
        problems.push({ line, message: `Line ${line} has text after a closing quote; it is kept as part of the field.` });
        parts.push(text.slice(strayStart, i));
      }
      fields.push(parts.join(''));
    } else {
      const start = i;
      while (i < n && !isSeparator(text.charCodeAt(i))) i += 1;
      fields.push(text.slice(start, i));
    }
    if (i === n) {
      endRecord();
      break;
    }
    if (text.charCodeAt(i) === COMMA) {
      i += 1;
      // A comma at the very end of the text still opens one (empty) field.
      if (i === n) {
        fields.push('');
        endRecord();
        break;
      }
      continue;
    }
    breakLine();
    endRecord();
  }
  return { records, problems };
}

function isSeparator(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}
