import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { cleanImage } from './image-content';
import { gif, jpeg, jpegComment, jpegExif, join, png, pngChunk, pngText, webp, webpFile } from './test-images';

/** The content check by itself: which bytes pass, what is kept of them, and how fast hostile input is refused. */

const contains = (bytes: Uint8Array, needle: string) => Buffer.from(bytes).includes(needle);

function refusal(bytes: Uint8Array): AppError {
  try {
    cleanImage(bytes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('images are read by their content', () => {
  it('accepts PNG, JPEG, GIF and WebP and reads their size', () => {
    expect(cleanImage(png({ width: 3, height: 2 }))).toMatchObject({ mediaType: 'image/png', width: 3, height: 2 });
    expect(cleanImage(jpeg({ width: 16, height: 8 }))).toMatchObject({ mediaType: 'image/jpeg', width: 16, height: 8 });
    expect(cleanImage(gif())).toMatchObject({ mediaType: 'image/gif', width: 1, height: 1 });
    expect(cleanImage(webp())).toMatchObject({ mediaType: 'image/webp', width: 1, height: 1 });
  });

  it('keeps a clean file byte for byte', () => {
    for (const file of [png(), jpeg(), gif(), webp()]) expect(Buffer.from(cleanImage(file).bytes).equals(Buffer.from(file))).toBe(true);
  });

  it('strips metadata: PNG text, JPEG EXIF and comments, GIF comments, WebP EXIF and XMP', () => {
    const cleanedPng = cleanImage(png({ before: [pngText('Author', 'Ada Lovelace'), pngChunk('tIME', new Uint8Array(7))] })).bytes;
    expect(contains(cleanedPng, 'Ada Lovelace')).toBe(false);
    expect(contains(cleanedPng, 'tIME')).toBe(false);
    expect(Buffer.from(cleanedPng).equals(Buffer.from(png()))).toBe(true);

    const cleanedJpeg = cleanImage(jpeg({ segments: [jpegExif(), jpegComment('taken at home')] })).bytes;
    expect(contains(cleanedJpeg, 'CameraMaker')).toBe(false);
    expect(contains(cleanedJpeg, 'taken at home')).toBe(false);
    expect(Buffer.from(cleanedJpeg).equals(Buffer.from(jpeg()))).toBe(true);

    expect(contains(cleanImage(gif({ comment: 'secret' })).bytes, 'secret')).toBe(false);

    const cleanedWebp = cleanImage(webp({ metadata: true }));
    expect(cleanedWebp).toMatchObject({ mediaType: 'image/webp', width: 1, height: 1 });
    expect(contains(cleanedWebp.bytes, 'CameraMaker')).toBe(false);
    expect(contains(cleanedWebp.bytes, 'xmpmeta')).toBe(false);
    // The VP8X flags no longer announce EXIF or XMP, and the RIFF size is the file's.
    expect(cleanedWebp.bytes[20]! & 0x0c).toBe(0);
    expect(Buffer.from(cleanedWebp.bytes).readUInt32LE(4)).toBe(cleanedWebp.bytes.length - 8);
  });

  it('drops whatever is appended after the end of the image (polyglots)', () => {
    const zip = join(Buffer.from('PK\x03\x04'), Buffer.from('payload.html<script>alert(1)</script>'));
    for (const file of [png(), jpeg(), gif()]) {
      const cleaned = cleanImage(join(file, zip)).bytes;
      expect(contains(cleaned, 'PK')).toBe(false);
      expect(contains(cleaned, '<script>')).toBe(false);
      expect(cleaned.length).toBe(file.length);
    }
    const webpPolyglot = join(webp(), Buffer.from('<html><script>alert(1)</script>'));
    expect(contains(cleanImage(webpPolyglot).bytes, '<script>')).toBe(false);
  });

  it('refuses anything that is not one of the four formats, whatever it is called', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    for (const file of [svg, html, Buffer.from('just text, named photo.png'), Buffer.from('%PDF-1.7')]) {
      expect(refusal(file)).toMatchObject({ status: 415 });
    }
  });

  it('refuses image bombs: sizes declared beyond the limits', () => {
    expect(refusal(png({ declared: { width: 100_000, height: 100_000 } })).message).toMatch(/100000 × 100000 pixels/);
    expect(refusal(png({ declared: { width: 8000, height: 8000 } })).status).toBe(400);
    expect(refusal(jpeg({ width: 20_000, height: 8 })).status).toBe(400);
  });

  it('refuses truncated and corrupt files', () => {
    for (const file of [png(), jpeg(), gif(), webp()]) {
      for (const cut of [file.length - 1, Math.floor(file.length / 2), 12]) expect(refusal(file.subarray(0, cut)).status).toBe(400);
    }
    const flipped = png();
    flipped[45] = flipped[45]! ^ 0xff;
    expect(refusal(flipped).message).toMatch(/checksum/);
    expect(refusal(webpFile([Buffer.from('JUNK\x04\x00\x00\x00abcd')])).status).toBe(400);
    const notZlib = join(png().subarray(0, 33), pngChunk('IDAT', Buffer.from('<html>')), pngChunk('IEND', new Uint8Array()));
    expect(refusal(notZlib).message).toMatch(/zlib/);
  });

  it('reads a worst-case file of many tiny pieces in linear time', () => {
    const tenMiB = 10 * 1024 * 1024;
    // A PNG of empty ancillary chunks (12 bytes each), a JPEG of empty comments (4 bytes each), a GIF of empty comments (3 bytes each).
    const emptyChunk = pngChunk('zzZz', new Uint8Array());
    const pngMany = join(png().subarray(0, 33), Buffer.concat(new Array(Math.floor(tenMiB / emptyChunk.length)).fill(emptyChunk)), png().subarray(33));
    const jpegMany = join(Uint8Array.of(0xff, 0xd8), Buffer.alloc(tenMiB, Buffer.from([0xff, 0xfe, 0x00, 0x02])), jpeg().subarray(2));
    const gifMany = join(gif().subarray(0, 19), Buffer.alloc(tenMiB - (tenMiB % 3), Buffer.from([0x21, 0xfe, 0x00])), gif().subarray(19));
    for (const file of [pngMany, jpegMany, gifMany]) {
      const started = performance.now();
      expect(cleanImage(file).width).toBeGreaterThan(0);
      // Generous: linear parsing takes a fraction of this on a slow machine.
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });
});
