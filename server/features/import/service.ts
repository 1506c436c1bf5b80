import type { Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { filePath } from '../../../shared/schemas/files';
import type { DocumentRow, ProjectRow } from '../../db/schema';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { SyncServer } from '../../sync/sync-server';
import type { Docs } from '../docs/service';
import type { Files } from '../files/service';
import { docxEntries } from './docx-zip';
import { htmlToDoc, withoutUnstoredImages } from './html-to-doc';
import { defaultReadLimits, docxToHtml, type ReadLimits } from './read-docx';

/**
 * Starting a document from a Word file. In order, each step bounded:
 *
 * 1. the archive is checked (docx-zip.ts): not a Word file, a zip bomb or a
 *    damaged archive is refused before anything converts it;
 * 2. mammoth converts it to HTML in a worker with memory and time limits
 *    (read-docx.ts);
 * 3. the HTML becomes the editor's content (html-to-doc.ts): only the
 *    schema's nodes and marks, safe links only;
 * 4. the document is made, each image is stored as an uploaded one would be
 *    (checked by content, metadata stripped; one that fails is left out),
 *    and the content is written through the document's room as the
 *    importer's edit, so it is theirs in history and contributions.
 *
 * A file whose content would not fit one sync message is refused (422)
 * before the document is made.
 */
export class Imports {
  constructor(
    private readonly docs: Docs,
    private readonly files: Pick<Files, 'storeImage'>,
    private readonly sync: Pick<SyncServer, 'applyUpdateAs'>,
    private readonly maxUpdateBytes: number,
    private readonly logger: Logger,
    private readonly limits: ReadLimits = defaultReadLimits,
  ) {}

  async importDocx(project: ProjectRow, userId: string, title: string, bytes: Uint8Array): Promise<DocumentRow> {
    docxEntries(bytes);
    const html = await docxToHtml(bytes, this.limits);
    // The editor's schema (all of Tiptap's extensions) is loaded when first needed, not when the server starts.
    const { documentSchema } = await import('../../../shared/editor-schema');
    const schema = documentSchema();
    const { doc: json, images } = htmlToDoc(html, schema);
    const draft = toYDoc(schema, withoutUnstoredImages(json));
    const estimate = Y.encodeStateAsUpdate(draft).length;
    draft.destroy();
    if (estimate > this.maxUpdateBytes) throw new AppError('unreadable_file', 'This Word file holds more text than one document may; split it into several.');

    const doc = await this.docs.create(project.id, userId, title);
    for (const image of images) {
      try {
        const stored = await this.files.storeImage({ docId: doc.id, groupId: project.group_id, userId, bytes: Buffer.from(image.dataUri.slice(image.dataUri.indexOf(',') + 1), 'base64') });
        image.node.attrs = { ...image.node.attrs, src: filePath(stored.id) };
      } catch (err) {
        // An image the files feature refuses (not an accepted format, damaged, too large) is left out.
        if (!(err instanceof AppError)) this.logger.warn({ err, docId: doc.id }, 'an imported image could not be stored');
      }
    }
    const ydoc = toYDoc(schema, withoutUnstoredImages(json));
    await this.sync.applyUpdateAs(doc.id, userId, Y.encodeStateAsUpdate(ydoc));
    ydoc.destroy();
    return doc;
  }
}

/** A Y.Doc holding `json` in the editor's fragment, checked against the schema first. */
function toYDoc(schema: Schema, json: object): Y.Doc {
  try {
    schema.nodeFromJSON(json).check();
  } catch {
    throw new AppError('unreadable_file', 'This Word file could not be turned into a document (its structure is unusual).');
  }
  return prosemirrorJSONToYDoc(schema, json, 'default');
}
