import { ascii, checkImageSize, concat, corruptImage, readU16BE, type CleanImage } from './image-rules';

const fail = (why: string) => corruptImage('JPEG', why);

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8) or DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Segments kept: the tables and frame a decoder needs (DQT, DHT, DAC, DRI,
 * SOFn, SOS with its scan, DNL, EOI), APP0 when it is JFIF, and APP14 when it
 * is Adobe's (it says how CMYK and YCCK colours are stored). Dropped: APP1 to
 * APP15 otherwise (EXIF with the camera and GPS position, XMP, thumbnails,
 * ICC profiles) and comments.
 */
function keeps(marker: number, data: Uint8Array): boolean {
  if (marker === 0xe0) return ascii(data, 0, 5) === 'JFIF\0';
  if (marker === 0xee) return ascii(data, 0, 5) === 'Adobe';
  if (marker >= 0xe1 && marker <= 0xef) return false;
  if (marker === 0xfe) return false;
  return marker === 0xdb || marker === 0xc4 || marker === 0xcc || marker === 0xdd || marker === 0xdc || marker === 0xda || isStartOfFrame(marker);
}

/**
 * Reads a JPEG segment by segment, walking each scan's entropy-coded data to
 * the next marker (every step moves forward, so the walk is linear), and
 * rebuilds it from the segments kept up to EOI. Whatever follows EOI is gone.
 */
export function cleanJpeg(input: Uint8Array): CleanImage {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw fail('it does not start like a JPEG');
  const parts: Uint8Array[] = [input.subarray(0, 2)];
  let at = 2;
  let width = 0;
  let height = 0;
  let scans = 0;
  for (;;) {
    if (at + 2 > input.length) throw fail('it ends before its end marker');
    if (input[at] !== 0xff) throw fail('a segment does not start with a marker');
    // Any number of 0xFF fill bytes may precede a marker.
    while (at + 1 < input.length && input[at + 1] === 0xff) at++;
    if (at + 2 > input.length) throw fail('it ends before its end marker');
    const marker = input[at + 1]!;
    if (marker === 0xd9) {
      parts.push(Uint8Array.of(0xff, 0xd9));
      break;
    }
    if (marker === 0x00 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      throw fail('a marker is out of place');
    }
    if (at + 4 > input.length) throw fail('a segment is cut short');
    const length = readU16BE(input, at + 2);
    if (length < 2 || at + 2 + length > input.length) throw fail('a segment runs past the end of the file');
    const data = input.subarray(at + 4, at + 2 + length);
    const segment = input.subarray(at, at + 2 + length);
    at += 2 + length;

    if (isStartOfFrame(marker)) {
      if (width) throw fail('it has two frames');
      if (data.length < 6) throw fail('its frame header is cut short');
      height = readU16BE(data, 1);
      width = readU16BE(data, 3);
      const components = data[5]!;
      if (components < 1 || components > 4 || data.length !== 6 + 3 * components) throw fail('its frame header is malformed');
      // A height of 0 is given later by a DNL segment; such files are rare and not accepted.
      checkImageSize('JPEG', width, height);
    }
    if (keeps(marker, data)) parts.push(segment);
    if (marker === 0xda) {
      if (!width) throw fail('a scan comes before the frame header');
      scans++;
      // The entropy-coded data ends at the first marker that is neither a
      // stuffed 0xFF00 nor a restart marker (0xFFD0 to 0xFFD7).
      const start = at;
      while (at + 1 < input.length) {
        if (input[at] === 0xff) {
          const next = input[at + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at++;
      }
      if (at + 1 >= input.length) throw fail('its image data is cut short');
      parts.push(input.subarray(start, at));
    }
  }
  if (!width || scans === 0) throw fail('it holds no image data');
  return { mediaType: 'image/jpeg', width, height, bytes: concat(parts) };
}
