import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { type DocNode, isTextNode } from '../../../shared/document-nodes';
import { productFilePath } from '../../../shared/schemas/files';
import type { Database } from '../../db/schema';

/** An image's bytes as stored (already checked by content and stripped of metadata on upload). */
export interface ImageBytes {
  mediaType: string;
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** The images a Word or PDF export embeds, by the `src` their nodes hold. */
export type ExportImages = ReadonlyMap<string, ImageBytes>;

/** Bounds on what one export reads from the files folder: past them an image is shown by its alt text. */
export const exportImageLimits = {
  count: 200,
  totalBytes: 64 * 1024 * 1024,
} as const;

/** The file id an image's `src` names (`/api/files/<id>`, the only address an image may hold), or null for any other. */
export function fileIdOf(src: unknown): string | null {
  const path = typeof src === 'string' && src === productFilePath(src) ? src : null;
  return path === null ? null : path.slice('/api/files/'.length);
}

/** Every image `src` of a tree, in document order, once each. */
export function imageSources(nodes: readonly DocNode[]): string[] {
  const found = new Set<string>();
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (isTextNode(node)) continue;
      if (node.type === 'image' && typeof node.attrs?.src === 'string') found.add(node.attrs.src);
      visit(node.content);
    }
  };
  visit(nodes);
  return [...found];
}

/**
 * Reads the images of a document's tree from the files folder. Only files of
 * the document's own group are read: a document may name any file id in an
 * image's `src` (a client writes the Yjs tree), and an export must not be a
 * way to read another group's pictures. A file that is missing, of another
 * group or past the limits is left out (the export shows its alt text).
 */
export async function readExportImages(db: Kysely<Database>, filesDir: string, groupId: string, nodes: readonly DocNode[]): Promise<ExportImages> {
  const bySrc = new Map<string, string>();
  for (const src of imageSources(nodes).slice(0, exportImageLimits.count)) {
    const id = fileIdOf(src);
    if (id) bySrc.set(src, id);
  }
  const images = new Map<string, ImageBytes>();
  if (bySrc.size === 0) return images;
  const rows = await db
    .selectFrom('files')
    .select(['id', 'media_type', 'byte_size', 'width', 'height'])
    .where('id', 'in', [...new Set(bySrc.values())])
    .where('group_id', '=', groupId)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  let total = 0;
  for (const [src, id] of bySrc) {
    const row = byId.get(id);
    if (!row || total + Number(row.byte_size) > exportImageLimits.totalBytes) continue;
    try {
      const bytes = new Uint8Array(await readFile(join(filesDir, id)));
      total += bytes.length;
      images.set(src, { mediaType: row.media_type, bytes, width: Number(row.width), height: Number(row.height) });
    } catch {
      // Gone from the folder: shown by its alt text.
    }
  }
  return images;
}
