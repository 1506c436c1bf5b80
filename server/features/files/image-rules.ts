import type { ImageMediaType } from '../../../shared/schemas/files';
import { AppError } from '../../errors';

/**
 * What an uploaded image may be. A picture larger than this is refused before
 * anything decodes it: a small file can declare a huge canvas (an "image
 * bomb") that would take gigabytes to draw in every reader's browser.
 */
export const imageLimits = {
  /** Pixels on either side. */
  maxSide: 16_384,
  /** Pixels in all (40 megapixels: a large phone photo is about 12). */
  maxPixels: 40_000_000,
  /** Pixels summed over all frames of an animation. */
  maxAnimationPixels: 400_000_000,
} as const;

/** An image as it is stored: only what renders, rebuilt from its parsed pieces. */
export interface CleanImage {
  mediaType: ImageMediaType;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** A file that claims a format and breaks it: cut short, a bad checksum, a piece out of place. */
export const corruptImage = (format: string, why: string) =>
  new AppError('bad_request', `This ${format} image is damaged or incomplete (${why}), so it was not added.`);

/** A picture whose size is refused (see `imageLimits`). */
export function checkImageSize(format: string, width: number, height: number): void {
  if (width < 1 || height < 1) throw corruptImage(format, 'it has no pixels');
  if (width > imageLimits.maxSide || height > imageLimits.maxSide || width * height > imageLimits.maxPixels) {
    throw new AppError(
      'bad_request',
      `This image is ${width} × ${height} pixels; at most ${imageLimits.maxSide} pixels a side and ${imageLimits.maxPixels / 1_000_000} megapixels are accepted.`,
    );
  }
}

/** Joins pieces of a rebuilt file into one buffer. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const readU16BE = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
export const readU32BE = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
export const readU16LE = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
export const readU24LE = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
export const readU32LE = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
export function ascii(b: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = at; i < at + length && i < b.length; i++) text += String.fromCharCode(b[i]!);
  return text;
}
