import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { randomBytes } from 'node:crypto';
import { zipArchive } from './zip-archive';

/** The archive is read back by an independent reader (JSZip, which checks each file's CRC-32). */
describe('zipArchive', () => {
  it('reads back file for file: text deflated, random bytes stored, UTF-8 names', async () => {
    const noise = new Uint8Array(randomBytes(4096));
    const text = 'Ordinary words repeat, ordinary words repeat. '.repeat(200);
    const bytes = zipArchive([
      { path: 'account.json', content: '{"name":"Zoë"}' },
      { path: 'documents/Essay – draft.md', content: text },
      { path: 'noise.bin', content: noise },
      { path: 'empty.txt', content: '' },
    ]);
    // Deflate took the repetitive text well below its size.
    expect(bytes.length).toBeLessThan(text.length);

    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(zip.files).sort()).toEqual(['account.json', 'documents/Essay – draft.md', 'empty.txt', 'noise.bin']);
    expect(await zip.file('account.json')!.async('string')).toBe('{"name":"Zoë"}');
    expect(await zip.file('documents/Essay – draft.md')!.async('string')).toBe(text);
    expect(Buffer.from(await zip.file('noise.bin')!.async('uint8array')).equals(Buffer.from(noise))).toBe(true);
    expect(await zip.file('empty.txt')!.async('string')).toBe('');
  });

  it('an empty archive is still a valid one', async () => {
    const zip = await JSZip.loadAsync(zipArchive([]));
    expect(Object.keys(zip.files)).toEqual([]);
  });
});
