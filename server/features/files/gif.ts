import { ascii, checkImageSize, concat, corruptImage, imageLimits, readU16LE, type CleanImage } from './image-rules';

const fail = (why: string) => corruptImage('GIF', why);

/** Application extensions kept: the ones that say how often an animation loops. */
const loopExtensions = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

/**
 * Reads a chain of data sub-blocks from `at` (a length byte, then that many
 * bytes, until a zero length); answers where the chain ends, after its
 * terminator. Each step moves past one sub-block, so the walk is linear.
 */
function skipSubBlocks(input: Uint8Array, at: number): number {
  for (;;) {
    if (at >= input.length) throw fail('a block is cut short');
    const size = input[at]!;
    at += 1 + size;
    if (size === 0) return at;
  }
}

/**
 * Reads a GIF block by block and rebuilds it from the header, colour tables,
 * images, graphic controls (frame timing, transparency) and the looping
 * extension. Dropped: comments, plain-text blocks and other application
 * extensions (XMP, private data); whatever follows the trailer is gone.
 */
export function cleanGif(input: Uint8Array): CleanImage {
  const version = ascii(input, 0, 6);
  if (version !== 'GIF87a' && version !== 'GIF89a') throw fail('it does not start like a GIF');
  if (input.length < 13) throw fail('its header is cut short');
  const width = readU16LE(input, 6);
  const height = readU16LE(input, 8);
  checkImageSize('GIF', width, height);
  const packed = input[10]!;
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  if (at > input.length) throw fail('its colour table is cut short');
  const parts: Uint8Array[] = [input.subarray(0, at)];
  let frames = 0;
  let framePixels = 0;
  for (;;) {
    if (at >= input.length) throw fail('it ends before its trailer');
    const block = input[at]!;
    if (block === 0x3b) {
      parts.push(Uint8Array.of(0x3b));
      break;
    }
    const start = at;
    if (block === 0x2c) {
      if (at + 10 > input.length) throw fail('an image descriptor is cut short');
      const frameWidth = readU16LE(input, at + 5);
      const frameHeight = readU16LE(input, at + 7);
      checkImageSize('GIF', frameWidth, frameHeight);
      framePixels += frameWidth * frameHeight;
      if (framePixels > imageLimits.maxAnimationPixels) {
        throw fail(`its frames hold more than ${imageLimits.maxAnimationPixels / 1_000_000} megapixels in all`);
      }
      const local = input[at + 9]!;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      // The LZW minimum code size, then the image data.
      if (at >= input.length) throw fail('an image is cut short');
      const codeSize = input[at]!;
      if (codeSize < 2 || codeSize > 11) throw fail('an image has an invalid code size');
      at = skipSubBlocks(input, at + 1);
      parts.push(input.subarray(start, at));
      frames++;
    } else if (block === 0x21) {
      if (at + 2 > input.length) throw fail('an extension is cut short');
      const label = input[at + 1]!;
      at = skipSubBlocks(input, at + 2);
      if (at > input.length) throw fail('an extension is cut short');
      const keep = label === 0xf9 || (label === 0xff && input[start + 2] === 11 && loopExtensions.has(ascii(input, start + 3, 11)));
      if (keep) parts.push(input.subarray(start, at));
    } else {
      throw fail('a block of unknown kind is in it');
    }
    if (at > input.length) throw fail('a block is cut short');
  }
  if (frames === 0) throw fail('it holds no image');
  return { mediaType: 'image/gif', width, height, bytes: concat(parts) };
}
