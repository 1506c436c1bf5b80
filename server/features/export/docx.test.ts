import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { docxEntries, readEntry } from '../import/docx-zip';
import { anchorOnStored, storeTestImage, testPng, writeTestContent } from './test-documents';

/**
 * Word export: the document read back with mammoth (as a reader's Word would
 * open it) holds its heading, table and image; open feedback the reader may
 * see becomes Word comments on its text, private feedback only for those who
 * may read it; a version exports as it was.
 */
let server: TestServer;
let member: TestUser;
let reviewer: TestUser;
let outsider: TestUser;
let docId: string;
let versionId: string;

const text = (value: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: ReturnType<typeof text>[]) => ({ type: 'paragraph', content });
const cell = (type: string, value: string, attrs: Record<string, unknown> = {}) => ({ type, attrs, content: [paragraph(text(value))] });

async function exportDocx(query: string, as: TestUser): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(`${server.url}/api/docs/${docId}/export?${query}`, { headers: { cookie: as.cookie } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function commentsXml(bytes: Uint8Array): string {
  const entry = docxEntries(bytes).find((e) => e.name === 'word/comments.xml');
  return entry ? new TextDecoder().decode(readEntry(bytes, entry)) : '';
}

beforeAll(async () => {
  server = await startTestServer({ FILES_DIR: join(mkdtempSync(join(tmpdir(), 'commonplace-files-')), 'files') });
  [member, reviewer, outsider] = await server.createUsers('Mia Member', 'Rey Reviewer', 'Otto Outsider');
  const place = await createTestDoc(server, [
    { member, role: 'member' },
    { member: reviewer, role: 'reviewer' },
  ]);
  docId = place.docId;
  await server.domain.store.db.updateTable('documents').set({ title: 'Lab report' }).where('id', '=', docId).execute();
  await writeTestContent(server, docId, member.user.id, [paragraph(text('First draft'))]);
  versionId = (await server.api('POST', `/api/docs/${docId}/versions`, { as: member, body: { name: 'Draft one' } })).body.version.id;

  const src = await storeTestImage(server, place, member.user.id, testPng(40, 30), { width: 40, height: 30 });
  await writeTestContent(server, docId, member.user.id, [
    { type: 'heading', attrs: { level: 1 }, content: [text('Osmosis results')] },
    paragraph(text('We measured '), text('mass change', [{ type: 'bold' }]), text(' of potato '), text('cores', [{ type: 'link', attrs: { href: 'https://example.org/cores' } }]), text(' and '), text('evil', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]), text('.')),
    { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('Salt')), { type: 'orderedList', content: [{ type: 'listItem', content: [paragraph(text('Nested step'))] }] }] }] },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Solution'), cell('tableHeader', 'Mass change')] },
        { type: 'tableRow', content: [cell('tableCell', '0.5 M'), cell('tableCell', '-12%')] },
        { type: 'tableRow', content: [cell('tableCell', 'Both columns merged', { colspan: 2 })] },
      ],
    },
    { type: 'image', attrs: { src, alt: 'Potato cores in a row', caption: 'Figure 1: the cores' } },
    { type: 'codeBlock', content: [text('mass = before - after')] },
    { type: 'blockquote', content: [paragraph(text('A quoted line'))] },
    { type: 'horizontalRule' },
  ]);
  await server.api('POST', `/api/docs/${docId}/threads`, {
    as: member,
    body: { kind: 'comment', body: 'Say which units', anchor: await anchorOnStored(server, docId, 'mass change'), visibility: 'group' },
  });
  await server.api('POST', `/api/docs/${docId}/threads`, {
    as: member,
    body: { kind: 'comment', body: 'Only for the instructors', anchor: await anchorOnStored(server, docId, 'potato'), visibility: 'instructors' },
  });
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe('Word export', () => {
  it('exports the heading, lists, table, image, caption and safe links, as mammoth reads them', async () => {
    const { status, bytes, headers } = await exportDocx('format=docx', member);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(headers.get('content-disposition')).toBe('attachment; filename="lab-report.docx"');
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    expect(html).toContain('<h1>Osmosis results</h1>');
    expect(html).toContain('<strong>mass change</strong>');
    expect(html).toContain('<a href="https://example.org/cores">cores</a>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('evil');
    expect(html).toMatch(/<ul><li>Salt<ol><li>Nested step<\/li><\/ol><\/li><\/ul>/);
    expect(html).toMatch(/<table>.*Solution.*Mass change.*0\.5 M.*-12%.*<\/table>/s);
    expect(html).toContain('<td colspan="2"><p>Both columns merged</p></td>');
    expect(html).toMatch(/<img alt="Potato cores in a row" src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(html).toContain('Figure 1: the cores');
    expect(html).toContain('mass = before - after');
    expect(html).toContain('A quoted line');
    // Without comments=1 there are none.
    expect(commentsXml(bytes)).not.toContain('Say which units');
  });

  it('adds open feedback as Word comments on its text, private feedback only for who may read it', async () => {
    const { bytes } = await exportDocx('format=docx&comments=1', member);
    const comments = commentsXml(bytes);
    expect(comments).toContain('Say which units');
    expect(comments).toContain('w:author="Mia Member"');
    // The author of private feedback still sees their own.
    expect(comments).toContain('Only for the instructors');
    const document = new TextDecoder().decode(readEntry(bytes, docxEntries(bytes).find((e) => e.name === 'word/document.xml')!));
    expect(document).toMatch(/<w:commentRangeStart w:id="0"\/>.*mass change.*<w:commentRangeEnd w:id="0"\/>/s);

    const asReviewer = commentsXml((await exportDocx('format=docx&comments=1', reviewer)).bytes);
    expect(asReviewer).toContain('Say which units');
    expect(asReviewer).not.toContain('Only for the instructors');
  });

  it('exports a version as it was, and only a version of this document', async () => {
    const { status, bytes, headers } = await exportDocx(`format=docx&version=${versionId}`, member);
    expect(status).toBe(200);
    expect(headers.get('content-disposition')).toBe('attachment; filename="lab-report-draft-one.docx"');
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    expect(html).toContain('First draft');
    expect(html).not.toContain('Osmosis results');

    const other = await createTestDoc(server, [{ member, role: 'member' }]);
    expect((await server.api('GET', `/api/docs/${other.docId}/export?format=docx&version=${versionId}`, { as: member })).status).toBe(404);
    expect((await server.api('GET', `/api/docs/${docId}/export?format=docx`, { as: outsider })).status).toBe(404);
  });
});
