import { ascii, checkImageSize, concat, corruptImage, readU32BE, type CleanImage } from './image-rules';

export const pngSignature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/**
 * Chunks kept: the picture itself (IHDR, PLTE, IDAT, IEND), transparency, and
 * the colour information a browser uses to draw it. Everything else is
 * dropped: text (tEXt, zTXt, iTXt: names, places, software), eXIf, tIME,
 * animation (the file is kept as its still image) and private chunks.
 */
const kept = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP']);

/** Bit depths allowed for each colour type (PNG spec, table 11.1). */
const depths: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG computes it, over a chunk's type and data. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const fail = (why: string) => corruptImage('PNG', why);

/**
 * Reads a PNG chunk by chunk (each step moves past one whole chunk, so the
 * walk is linear in the file), checks every checksum and the order the
 * format requires, and rebuilds the file from the chunks kept. Whatever
 * follows IEND (a ZIP, a page of HTML) is not part of the image and is gone.
 */
export function cleanPng(input: Uint8Array): CleanImage {
  if (input.length < pngSignature.length) throw fail('it ends before its first chunk');
  const parts: Uint8Array[] = [pngSignature];
  let at = pngSignature.length;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let seenPalette = false;
  let idatState: 'before' | 'in' | 'after' = 'before';
  let ended = false;
  // The first two bytes of the image data, across IDAT chunks: a zlib stream's header.
  const zlibHeader: number[] = [];
  for (let index = 0; !ended; index++) {
    if (at + 12 > input.length) throw fail('it ends in the middle of a chunk');
    const length = readU32BE(input, at);
    if (length > 0x7fffffff || at + 12 + length > input.length) throw fail('a chunk runs past the end of the file');
    const type = ascii(input, at + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) throw fail('a chunk has no valid name');
    const data = input.subarray(at + 8, at + 8 + length);
    if (crc32(input.subarray(at + 4, at + 8 + length)) !== readU32BE(input, at + 8 + length)) throw fail(`the ${type} chunk's checksum is wrong`);
    const chunk = input.subarray(at, at + 12 + length);
    at += 12 + length;

    if (index === 0 && type !== 'IHDR') throw fail('it does not start with IHDR');
    if (type === 'IHDR') {
      if (index !== 0 || length !== 13) throw fail('its IHDR is out of place or the wrong size');
      width = readU32BE(data, 0);
      height = readU32BE(data, 4);
      const depth = data[8]!;
      colorType = data[9]!;
      if (!depths[colorType]?.includes(depth)) throw fail('its colour type and bit depth do not match');
      if (data[10] !== 0 || data[11] !== 0 || data[12]! > 1) throw fail('it names an unknown compression, filter or interlace method');
      checkImageSize('PNG', width, height);
    } else if (type === 'PLTE') {
      if (seenPalette || idatState !== 'before' || length === 0 || length % 3 !== 0 || length > 768) throw fail('its palette is out of place or malformed');
      seenPalette = true;
    } else if (type === 'IDAT') {
      if (idatState === 'after') throw fail('its image data is split by other chunks');
      idatState = 'in';
      for (let i = 0; i < data.length && zlibHeader.length < 2; i++) zlibHeader.push(data[i]!);
    } else if (type === 'IEND') {
      ended = true;
    } else if (/^[A-Z]/.test(type)) {
      // A critical chunk we do not know: a decoder must refuse the file, so do we.
      throw fail(`it needs a chunk this server does not know (${type})`);
    }
    if (type !== 'IDAT' && idatState === 'in') idatState = 'after';
    if (kept.has(type)) parts.push(chunk);
  }
  if (idatState === 'before') throw fail('it holds no image data');
  const [cmf = 0, flg = 0] = zlibHeader;
  // Deflate (method 8) with a window of at most 32 KiB, no preset dictionary, and the header's own check.
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || flg & 0x20 || (cmf * 256 + flg) % 31 !== 0) throw fail('its image data is not a zlib stream');
  if (colorType === 3 && !seenPalette) throw fail('its palette is missing');
  return { mediaType: 'image/png', width, height, bytes: concat(parts) };
}
