import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { type Anchor, anchorFromRange } from '../../../shared/anchors';
import { documentSchema } from '../../../shared/editor-schema';
import { filePath } from '../../../shared/schemas/files';
import { newId } from '../../db/ids';
import type { TestServer } from '../../testing/test-server';

/**
 * Fixtures for the Word, PDF and import tests: real PNG files, document
 * content written as ProseMirror JSON through the document's room (as an
 * editor's typing is), images stored as the files feature stores them, and
 * anchors on a word of the stored document.
 */

export type Json = { type: string; attrs?: Record<string, unknown>; content?: Json[]; text?: string; marks?: Json[] };

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid RGB PNG of one colour. */
export function testPng(width = 4, height = 3, rgb: [number, number, number] = [200, 40, 40]): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.of(0), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]),
  );
}

/** Stores an image file for a document straight into the files table and folder; returns its `src`. */
export async function storeTestImage(server: TestServer, place: { docId: string; groupId: string }, userId: string, bytes: Uint8Array, size = { width: 4, height: 3 }): Promise<string> {
  const id = newId();
  const { dir } = server.domain.config.files;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, id), bytes);
  await server.domain.store.db
    .insertInto('files')
    .values({ id, doc_id: place.docId, group_id: place.groupId, media_type: 'image/png', byte_size: bytes.length, ...size, sha256: 'test', created_by: userId, created_at: Date.now() })
    .execute();
  return filePath(id);
}

/** Writes a document's content (ProseMirror JSON) as `userId`'s edit, through its room. */
export async function writeTestContent(server: TestServer, docId: string, userId: string, content: Json[]): Promise<void> {
  const doc = prosemirrorJSONToYDoc(documentSchema(), { type: 'doc', content }, 'default');
  await server.domain.sync.applyUpdateAs(docId, userId, Y.encodeStateAsUpdate(doc));
  doc.destroy();
}

/** The document as stored now, as ProseMirror JSON. */
export async function storedContent(server: TestServer, docId: string): Promise<Json> {
  const moment = await server.domain.versions.at(docId, {});
  const node = yXmlFragmentToProseMirrorRootNode(moment.doc.getXmlFragment('default'), documentSchema());
  moment.doc.destroy();
  return node.toJSON() as Json;
}

/** An anchor on the first occurrence of `words` in the stored document, as the editor would make it. */
export async function anchorOnStored(server: TestServer, docId: string, words: string): Promise<Required<Anchor>> {
  const moment = await server.domain.versions.at(docId, {});
  try {
    const node = yXmlFragmentToProseMirrorRootNode(moment.doc.getXmlFragment('default'), documentSchema());
    let from = -1;
    node.descendants((child, pos) => {
      if (from >= 0) return false;
      const at = child.isText ? (child.text ?? '').indexOf(words) : -1;
      if (at >= 0) from = pos + at;
      return true;
    });
    if (from < 0) throw new Error(`"${words}" is not in the document`);
    return anchorFromRange(moment.doc, from, from + words.length);
  } finally {
    moment.doc.destroy();
  }
}
