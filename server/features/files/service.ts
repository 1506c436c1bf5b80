import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, FileRow } from '../../db/schema';
import { newId } from '../../db/ids';
import { notFound } from '../../errors';
import { cleanImage } from './image-content';

export interface StoreImage {
  docId: string;
  /** The document's group: whose members may read the file. */
  groupId: string;
  userId: string;
  /** The file as uploaded (or found in an imported Word document); checked and cleaned here. */
  bytes: Uint8Array;
}

/**
 * Images in documents. What is stored is the cleaned copy (checked by its
 * content, metadata stripped); the bytes live in the files folder under the
 * row's id, the row says whose they are. Callers check rights first: the
 * upload route that the uploader may edit, the Word import that the importer
 * may create the document.
 */
export class Files {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Checks, cleans and keeps an image; a refused file throws (415, 400) and leaves nothing behind. */
  async storeImage({ docId, groupId, userId, bytes }: StoreImage): Promise<FileRow> {
    const image = cleanImage(bytes);
    const row: FileRow = {
      id: newId(),
      doc_id: docId,
      group_id: groupId,
      media_type: image.mediaType,
      byte_size: image.bytes.length,
      width: image.width,
      height: image.height,
      sha256: createHash('sha256').update(image.bytes).digest('hex'),
      created_by: userId,
      created_at: this.now(),
    };
    // Written aside and renamed into place: a reader never sees half a file.
    const path = this.#path(row.id);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    try {
      await writeFile(temporary, image.bytes, { flag: 'wx' });
      await rename(temporary, path);
      await this.db.insertInto('files').values(row).execute();
    } catch (error) {
      await rm(temporary, { force: true });
      await rm(path, { force: true });
      throw error;
    }
    return row;
  }

  /** A file's row, or 404 (rights are the caller's to check, against its document). */
  async find(fileId: string): Promise<FileRow> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
    if (!row) throw notFound('This file');
    return row;
  }

  async bytes(row: FileRow): Promise<Uint8Array<ArrayBuffer>> {
    try {
      return new Uint8Array(await readFile(this.#path(row.id)));
    } catch {
      throw notFound('This file');
    }
  }

  #path(fileId: string): string {
    return join(this.dir, fileId);
  }
}
