import { ascii, checkImageSize, concat, corruptImage, readU16LE, readU24LE, readU32LE, type CleanImage } from './image-rules';

const fail = (why: string) => corruptImage('WebP', why);

/** Chunks kept in an extended WebP: the canvas, colour profile, animation, alpha and image data; EXIF, XMP and unknown chunks go. */
const kept = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
const vp8xFlags = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 };

function u32le(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
}

/** The size of the picture in a simple (VP8 or VP8L) chunk's data. */
function imageSize(type: string, data: Uint8Array): { width: number; height: number } {
  if (type === 'VP8 ') {
    // A key frame: 3 bytes of frame tag, the start code 9D 01 2A, then 14-bit sizes.
    if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw fail('its lossy image has no key frame');
    return { width: readU16LE(data, 6) & 0x3fff, height: readU16LE(data, 8) & 0x3fff };
  }
  if (data.length < 5 || data[0] !== 0x2f) throw fail('its lossless image has no signature');
  const bits = readU32LE(data, 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

/**
 * Reads a WebP's RIFF chunks (each step moves past one whole chunk, so the
 * walk is linear) and rebuilds the file from those kept, with the VP8X flags
 * and the RIFF size made true again. Whatever follows the RIFF's declared
 * end is gone.
 */
export function cleanWebp(input: Uint8Array): CleanImage {
  if (input.length < 12 || ascii(input, 0, 4) !== 'RIFF' || ascii(input, 8, 4) !== 'WEBP') throw fail('it does not start like a WebP');
  const end = 8 + readU32LE(input, 4);
  if (end > input.length) throw fail('it is shorter than its header says');
  const chunks: { type: string; bytes: Uint8Array; data: Uint8Array }[] = [];
  let at = 12;
  while (at < end) {
    if (at + 8 > end) throw fail('a chunk header is cut short');
    const type = ascii(input, at, 4);
    const size = readU32LE(input, at + 4);
    const padded = size + (size & 1);
    if (at + 8 + size > end) throw fail(`its ${type.trim() || 'unnamed'} chunk runs past the end`);
    chunks.push({ type, bytes: input.subarray(at, at + 8 + size), data: input.subarray(at + 8, at + 8 + size) });
    at += 8 + padded;
  }
  const first = chunks[0];
  if (!first) throw fail('it holds no image');

  let width: number;
  let height: number;
  let keptChunks: typeof chunks;
  if (first.type === 'VP8 ' || first.type === 'VP8L') {
    ({ width, height } = imageSize(first.type, first.data));
    keptChunks = [first];
  } else if (first.type === 'VP8X') {
    if (first.data.length < 10) throw fail('its VP8X chunk is cut short');
    width = readU24LE(first.data, 4) + 1;
    height = readU24LE(first.data, 7) + 1;
    keptChunks = chunks.filter((chunk) => kept.has(chunk.type));
    const hasImage = keptChunks.some((chunk) => chunk.type === 'VP8 ' || chunk.type === 'VP8L' || chunk.type === 'ANMF');
    if (!hasImage) throw fail('it holds no image data');
    for (const chunk of keptChunks) {
      if (chunk.type !== 'VP8 ' && chunk.type !== 'VP8L') continue;
      const frame = imageSize(chunk.type, chunk.data);
      if (frame.width !== width || frame.height !== height) throw fail('its image and canvas sizes differ');
    }
  } else {
    throw fail('its first chunk is not an image');
  }
  checkImageSize('WebP', width, height);

  const hasIcc = keptChunks.some((chunk) => chunk.type === 'ICCP');
  const parts: Uint8Array[] = [];
  for (const chunk of keptChunks) {
    if (chunk.type === 'VP8X') {
      const header = chunk.bytes.slice();
      let flags = header[8]! & ~(vp8xFlags.exif | vp8xFlags.xmp);
      if (!hasIcc) flags &= ~vp8xFlags.icc;
      header[8] = flags;
      parts.push(header);
    } else {
      parts.push(chunk.bytes);
    }
    if (chunk.bytes.length & 1) parts.push(Uint8Array.of(0));
  }
  const body = concat(parts);
  const file = concat([Uint8Array.of(0x52, 0x49, 0x46, 0x46), u32le(4 + body.length), Uint8Array.of(0x57, 0x45, 0x42, 0x50), body]);
  return { mediaType: 'image/webp', width, height, bytes: file };
}
