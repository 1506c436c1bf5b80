import { readdirSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { gif, jpeg, jpegExif, join, png, pngText, webp } from './test-images';

/**
 * Uploading images into a document and reading them back, on a real server
 * with its own files folder: who may, what is accepted, what is kept.
 */
let server: TestServer;
let writer: TestUser;
let reviewer: TestUser;
let stranger: TestUser;
let docId: string;
let filesDir: string;
const maxUploadBytes = 64 * 1024;

beforeAll(async () => {
  server = await startTestServer({ MAX_UPLOAD_BYTES: String(maxUploadBytes) });
  // The test server keeps uploads in its own temporary folder.
  filesDir = server.domain.config.files.dir;
  [writer, reviewer, stranger] = await server.createUsers('Writer', 'Reviewer', 'Stranger');
  ({ docId } = await createTestDoc(server, [
    { member: writer, role: 'member' },
    { member: reviewer, role: 'reviewer' },
  ]));
});

afterAll(async () => {
  await server?.close();
});

async function upload(bytes: Uint8Array | ReadableStream<Uint8Array>, as: TestUser | null = writer, contentType = 'image/png', target = docId) {
  const response = await fetch(`${server.url}/api/docs/${target}/files`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(as ? { cookie: as.cookie } : {}) },
    body: bytes,
    ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as any };
}

async function read(fileId: string, as: TestUser | null, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/files/${fileId}`, { headers: { ...headers, ...(as ? { cookie: as.cookie } : {}) } });
}

describe('uploading images', () => {
  it('stores each accepted format, read from its content whatever the declared type', async () => {
    const cases = [
      { bytes: png({ width: 3, height: 2 }), mediaType: 'image/png', width: 3, height: 2 },
      { bytes: jpeg({ width: 16, height: 8 }), mediaType: 'image/jpeg', width: 16, height: 8 },
      { bytes: gif(), mediaType: 'image/gif', width: 1, height: 1 },
      { bytes: webp(), mediaType: 'image/webp', width: 1, height: 1 },
    ];
    for (const { bytes, mediaType, width, height } of cases) {
      const { status, body } = await upload(bytes, writer, 'application/octet-stream');
      expect(status).toBe(201);
      expect(body.file).toMatchObject({ docId, mediaType, width, height, byteSize: bytes.length, src: `/api/files/${body.file.id}` });
      const response = await read(body.file.id, writer);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(mediaType);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      expect(readFileSync(joinPath(filesDir, body.file.id)).length).toBe(bytes.length);
    }
  });

  it('serves a file as a sandboxed picture that is never sniffed, cached privately and revalidated by its hash', async () => {
    const { body } = await upload(png());
    const response = await read(body.file.id, reviewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe('inline');
    expect(response.headers.get('cache-control')).toMatch(/^private/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await read(body.file.id, reviewer, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('strips metadata before storing: PNG text, JPEG EXIF', async () => {
    const withText = await upload(png({ before: [pngText('Author', 'Ada Lovelace at 12 Home Street')] }));
    const withExif = await upload(jpeg({ segments: [jpegExif()] }), writer, 'image/jpeg');
    for (const { body } of [withText, withExif]) {
      const stored = Buffer.from(await (await read(body.file.id, writer)).arrayBuffer());
      expect(stored.includes('Ada Lovelace')).toBe(false);
      expect(stored.includes('CameraMaker')).toBe(false);
    }
  });

  it('refuses what is not an image by its content, whatever its declared type: 415', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const html = Buffer.from('<!doctype html><p>hello</p><script>alert(1)</script>');
    const namedPng = Buffer.from('plain text in a file called picture.png');
    for (const [bytes, type] of [[svg, 'image/svg+xml'], [html, 'image/png'], [namedPng, 'image/png']] as const) {
      const { status, body } = await upload(bytes, writer, type);
      expect(status).toBe(415);
      expect(body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/PNG, JPEG, GIF and WebP/) });
    }
  });

  it('refuses a file over MAX_UPLOAD_BYTES with 413, declared or streamed, and keeps nothing', async () => {
    const before = readdirSync(filesDir).length;
    const big = join(png(), new Uint8Array(maxUploadBytes));
    const declared = await upload(big);
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');
    // Without a Content-Length the body is cut off as it arrives: an endless stream is refused.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const streamed = await upload(endless);
    expect(streamed.status).toBe(413);
    // The client had buffered some more into the socket by then; the server read no more than the limit.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(readdirSync(filesDir).length).toBe(before);
  });

  it('lets only those who may edit upload: a reviewer gets 403, a non-member 404, nobody signed in 401', async () => {
    expect((await upload(png(), reviewer)).status).toBe(403);
    expect((await upload(png(), stranger)).status).toBe(404);
    expect((await upload(png(), null)).status).toBe(401);
    expect((await upload(png(), writer, 'image/png', 'nosuchdocument')).status).toBe(404);
  });

  it('shows a file only to members of its document’s group: a non-member and an unknown id both get 404', async () => {
    const { body } = await upload(png());
    expect((await read(body.file.id, stranger)).status).toBe(404);
    expect((await read('nosuchfile', writer)).status).toBe(404);
    expect((await read(body.file.id, null)).status).toBe(401);
  });

  it('keeps a polyglot’s image and drops the ZIP or page appended to it', async () => {
    const tail = Buffer.from('PK\x03\x04 <html><script>alert(document.cookie)</script></html>');
    const { status, body } = await upload(join(png(), tail));
    expect(status).toBe(201);
    const stored = Buffer.from(await (await read(body.file.id, writer)).arrayBuffer());
    expect(stored.includes('<script>')).toBe(false);
    expect(stored.equals(Buffer.from(png()))).toBe(true);
  });

  it('refuses an image bomb at once and a truncated file, storing nothing', async () => {
    const before = readdirSync(filesDir).length;
    const started = performance.now();
    const bomb = await upload(png({ declared: { width: 100_000, height: 100_000 } }));
    expect(bomb.status).toBe(400);
    expect(bomb.body.error.message).toMatch(/100000 × 100000/);
    expect(performance.now() - started).toBeLessThan(2000);
    const truncated = await upload(png().subarray(0, 40));
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.message).toMatch(/damaged or incomplete/);
    expect(readdirSync(filesDir).length).toBe(before);
  });

  it('lets other features store an image through the domain (as the Word import does)', async () => {
    const { groupId, docId: other } = await createTestDoc(server, [{ member: writer, role: 'member' }]);
    const row = await server.domain.files.storeImage({ docId: other, groupId, userId: writer.user.id, bytes: gif({ comment: 'from Word' }) });
    expect(row).toMatchObject({ media_type: 'image/gif', width: 1, height: 1 });
    expect((await read(row.id, writer)).status).toBe(200);
    expect((await read(row.id, reviewer)).status).toBe(404);
  });
});
