import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { type Json, storedContent } from '../export/test-documents';
import { docxEntries, docxZipLimits } from './docx-zip';
import { docxToHtml } from './read-docx';
import { sampleWordFile, wordType, zipBomb, zipOf } from './test-docx';

/**
 * Word import: a real .docx becomes a document with its heading, list, table,
 * safe links and images (stored as files); hostile or oversized files are
 * refused with a clear answer and change nothing.
 */
let server: TestServer;
let member: TestUser;
let reviewer: TestUser;
let outsider: TestUser;
let projectId: string;

const importPath = (title = 'Imported report') => `/api/projects/${projectId}/docs/import?title=${encodeURIComponent(title)}`;
const post = (body: Uint8Array, as: TestUser, contentType = wordType, path = importPath()) =>
  server.api('POST', path, { as, body, headers: { 'content-type': contentType } });
const docCount = async () => (await server.domain.store.db.selectFrom('documents').select('id').where('project_id', '=', projectId).execute()).length;

function collect(node: Json, type: string, out: Json[] = []): Json[] {
  if (node.type === type) out.push(node);
  for (const child of node.content ?? []) collect(child, type, out);
  return out;
}
const textOf = (node: Json): string => (node.text ?? '') + (node.content ?? []).map(textOf).join('');

beforeAll(async () => {
  server = await startTestServer({ FILES_DIR: join(mkdtempSync(join(tmpdir(), 'commonplace-files-')), 'files'), MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) });
  [member, reviewer, outsider] = await server.createUsers('Mia Member', 'Rey Reviewer', 'Otto Outsider');
  ({ projectId } = await createTestDoc(server, [
    { member, role: 'member' },
    { member: reviewer, role: 'reviewer' },
  ]));
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe('Word import', () => {
  it('starts a document with the heading, list, table, safe links and image of a .docx, written as the importer', async () => {
    const response = await post(await sampleWordFile(), member);
    expect(response.status).toBe(201);
    expect(response.body.doc.title).toBe('Imported report');
    const docId = response.body.doc.id as string;
    const doc = await storedContent(server, docId);

    expect(collect(doc, 'heading').map(textOf)).toEqual(['Imported results']);
    expect(collect(doc, 'bulletList').flatMap((list) => collect(list, 'listItem').map(textOf))).toEqual(['First point', 'Second point']);
    const [table] = collect(doc, 'table');
    expect(collect(table!, 'tableHeader').map(textOf)).toEqual(['Sample', 'Value']);
    expect(collect(table!, 'tableCell').map(textOf)).toEqual(['A', '42']);
    const links = collect(doc, 'text').filter((t) => t.marks?.some((m) => m.type === 'link'));
    expect(links.map((t) => [t.text, t.marks!.find((m) => m.type === 'link')!.attrs!.href])).toEqual([['safe link', 'https://example.org/safe']]);
    expect(textOf(doc)).toContain('hostile link');
    expect(JSON.stringify(doc)).not.toContain('javascript');
    expect(collect(doc, 'text').find((t) => t.text === 'bold')?.marks).toEqual([{ type: 'bold' }]);

    const [image] = collect(doc, 'image');
    expect(image!.attrs!.alt).toBe('A small chart');
    const src = image!.attrs!.src as string;
    expect(src).toMatch(/^\/api\/files\/[a-z2-7]{16}$/);
    const file = await fetch(server.url + src, { headers: { cookie: member.cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect((await fetch(server.url + src, { headers: { cookie: outsider.cookie } })).status).toBe(404);

    // The content is the importer's edit.
    const owners = await server.domain.store.db.selectFrom('doc_client_ids').select('user_id').where('doc_id', '=', docId).execute();
    expect(owners.map((o) => o.user_id)).toEqual([member.user.id]);
  });

  it('refuses a zip bomb quickly, whether it declares its size or lies about it', async () => {
    const before = await docCount();
    for (const honest of [true, false]) {
      const bomb = zipBomb(64, { honest });
      expect(bomb.length).toBeLessThan(100 * 1024);
      const started = performance.now();
      const response = await post(bomb, member);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/cannot be imported/);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    expect(await docCount()).toBe(before);
  });

  it('refuses archives with too many parts, and reads the table of contents only as far as it is bounded', () => {
    const many = zipOf(Array.from({ length: docxZipLimits.entries + 1 }, (_, i) => ({ name: `p${i}`, data: new Uint8Array(1), stored: true })));
    expect(() => docxEntries(many)).toThrow(/parts/);
  });

  it('refuses what is not a Word file: 415, with a clear message', async () => {
    const before = await docCount();
    const text = await post(new TextEncoder().encode('just some text'), member);
    expect(text.status).toBe(415);
    expect(text.body.error.message).toMatch(/not a Word file/);
    const otherZip = await post(zipOf([{ name: 'hello.txt', data: new TextEncoder().encode('hi') }]), member);
    expect(otherZip.status).toBe(415);
    expect((await post(await sampleWordFile(), member, 'text/plain')).status).toBe(415);
    expect(await docCount()).toBe(before);
  });

  it('refuses a file over the upload limit (413), outsiders (404) and reviewers (403)', async () => {
    const before = await docCount();
    expect((await post(new Uint8Array(2 * 1024 * 1024 + 1), member)).status).toBe(413);
    expect((await post(await sampleWordFile(), outsider)).status).toBe(404);
    expect((await post(await sampleWordFile(), reviewer)).status).toBe(403);
    expect(await docCount()).toBe(before);
  });

  it('stops the converter at its time limit and says so (422)', async () => {
    await expect(docxToHtml(await sampleWordFile(), { timeMs: 5, memoryMb: 64, concurrent: 2 })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/in time/) });
    // With the usual limits the same file converts.
    expect(await docxToHtml(await sampleWordFile())).toContain('<h1>Imported results</h1>');
  });
});
