import { AppError } from '../../errors';
import { cleanGif } from './gif';
import type { CleanImage } from './image-rules';
import { cleanJpeg } from './jpeg';
import { cleanPng, pngSignature } from './png';
import { cleanWebp } from './webp';

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);

/**
 * An uploaded file, read by its content: the first bytes say which format it
 * claims (never its name or the declared Content-Type), then that format's
 * parser checks the whole file and rebuilds it from what renders. Anything
 * else, SVG included (it can carry script), is refused.
 */
export function cleanImage(bytes: Uint8Array): CleanImage {
  if (startsWith(bytes, [...pngSignature])) return cleanPng(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return cleanJpeg(bytes);
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return cleanGif(bytes);
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])) return cleanWebp(bytes);
  throw new AppError('unsupported_media_type', 'Only PNG, JPEG, GIF and WebP images can be added; this file is none of them (SVG is not accepted).');
}
