import { deflateSync } from 'node:zlib';
import { crc32, pngSignature } from './png';

/**
 * Small valid images built in code for the upload tests, each with room for
 * what the tests add: metadata to strip, bytes appended, sizes to lie about.
 */

const u32be = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const u32le = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
const u16be = (n: number) => Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
const text = (s: string) => new TextEncoder().encode(s);

export function join(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = join(text(type), data);
  return join(u32be(data.length), body, u32be(crc32(body)));
}

/**
 * An RGBA PNG of one colour. `declared` writes another size into IHDR than
 * the pixels (an image bomb needs no pixels); `before` and `after` add chunks
 * around the image data.
 */
export function png(options: { width?: number; height?: number; declared?: { width: number; height: number }; before?: Uint8Array[]; after?: Uint8Array[] } = {}): Uint8Array {
  const width = options.width ?? 2;
  const height = options.height ?? 2;
  const size = options.declared ?? { width, height };
  const row = join(Uint8Array.of(0), ...Array.from({ length: width }, () => Uint8Array.of(30, 120, 200, 255)));
  const raw = join(...Array.from({ length: height }, () => row));
  const header = join(u32be(size.width), u32be(size.height), Uint8Array.of(8, 6, 0, 0, 0));
  return join(
    pngSignature,
    pngChunk('IHDR', header),
    ...(options.before ?? []),
    pngChunk('IDAT', deflateSync(raw)),
    ...(options.after ?? []),
    pngChunk('IEND', new Uint8Array()),
  );
}

export const pngText = (keyword: string, value: string) => pngChunk('tEXt', join(text(keyword), Uint8Array.of(0), text(value)));

function jpegSegment(marker: number, data: Uint8Array): Uint8Array {
  return join(Uint8Array.of(0xff, marker), u16be(data.length + 2), data);
}

/**
 * A grey baseline JPEG: one quantisation table, Huffman tables of one code
 * each ("0": a DC difference of 0, then end of block), so each 8×8 block is
 * two bits. `segments` go after the JFIF header (EXIF, comments).
 */
export function jpeg(options: { width?: number; height?: number; segments?: Uint8Array[] } = {}): Uint8Array {
  const width = options.width ?? 16;
  const height = options.height ?? 8;
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = '00'.repeat(blocks);
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
  const scan = Uint8Array.from(padded.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const oneCode = (tableClass: number) => join(Uint8Array.of(tableClass << 4), Uint8Array.of(1, ...new Array<number>(15).fill(0)), Uint8Array.of(0));
  return join(
    Uint8Array.of(0xff, 0xd8),
    jpegSegment(0xe0, join(text('JFIF\0'), Uint8Array.of(1, 1, 0, 0, 1, 0, 1, 0, 0))),
    ...(options.segments ?? []),
    jpegSegment(0xdb, join(Uint8Array.of(0), new Uint8Array(64).fill(1))),
    jpegSegment(0xc0, join(Uint8Array.of(8), u16be(height), u16be(width), Uint8Array.of(1, 1, 0x11, 0))),
    jpegSegment(0xc4, oneCode(0)),
    jpegSegment(0xc4, oneCode(1)),
    jpegSegment(0xda, Uint8Array.of(1, 1, 0x00, 0, 63, 0)),
    scan,
    Uint8Array.of(0xff, 0xd9),
  );
}

/** An APP1 EXIF segment naming a camera and a place. */
export const jpegExif = () => jpegSegment(0xe1, join(text('Exif\0\0'), text('MM\0*CameraMaker GPS 51.5N 0.1W')));
export const jpegComment = (value: string) => jpegSegment(0xfe, text(value));

/** The classic 1×1 GIF, with a comment extension inside when asked. */
export function gif(options: { comment?: string } = {}): Uint8Array {
  const comment = options.comment ? join(Uint8Array.of(0x21, 0xfe, options.comment.length), text(options.comment), Uint8Array.of(0)) : new Uint8Array();
  return join(
    text('GIF89a'),
    Uint8Array.of(1, 0, 1, 0, 0x80, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0),
    comment,
    Uint8Array.of(0x21, 0xf9, 4, 1, 0, 0, 0, 0),
    Uint8Array.of(0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0),
    Uint8Array.of(0x3b),
  );
}

/** A 1×1 lossless WebP's VP8L chunk. */
const vp8l = () => Buffer.from('VlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

export function webpFile(chunks: Uint8Array[]): Uint8Array {
  const body = join(text('WEBP'), ...chunks);
  return join(text('RIFF'), u32le(body.length), body);
}

function webpChunk(type: string, data: Uint8Array): Uint8Array {
  return join(text(type), u32le(data.length), data, data.length & 1 ? Uint8Array.of(0) : new Uint8Array());
}

/** A 1×1 WebP: simple, or extended (VP8X) with EXIF and XMP chunks to strip. */
export function webp(options: { metadata?: boolean } = {}): Uint8Array {
  if (!options.metadata) return webpFile([vp8l()]);
  const flags = 0x08 | 0x04;
  const header = webpChunk('VP8X', Uint8Array.of(flags, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  return webpFile([header, vp8l(), webpChunk('EXIF', text('MM\0*CameraMaker')), webpChunk('XMP ', text('<x:xmpmeta>secret</x:xmpmeta>'))]);
}
