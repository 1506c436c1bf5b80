import type { Editor } from '@tiptap/core';
import { askFigureDetails, tellImageRefused } from './figure-dialog';
import { completeUpload, dropPendingFigures, pendingFigurePositions } from './figure-nodes';
import { pendingImages } from './pending-images';
import { acceptedImageTypes, pendingUploadId } from './pending-upload-id';
import { refusalMessage, uploadCanWait, uploadImage } from './upload-image';

/** Where images go: the document, and who adds them (their waiting images are theirs alone). */
export interface FigureContext {
  docId: string;
  userId: string;
}

const notAnImage = 'Only PNG, JPEG, GIF and WebP images can be added; this file is none of them (SVG is not accepted).';

/**
 * Adds picked, pasted or dropped files as figures, one after the other. Each
 * is described first (the dialog asks for alt text and a caption; cancelling
 * adds nothing). Then it is uploaded and inserted with its address; when the
 * server cannot be reached it is inserted waiting (`pendingUpload`), kept in
 * this browser and uploaded on reconnect (`uploadWaitingImages`). A refusal
 * (not an image, too large) is told, and nothing is inserted.
 */
export async function addImages(editor: Editor, context: FigureContext, files: readonly File[], at?: number): Promise<void> {
  let position = at;
  for (const file of files) {
    if (!(acceptedImageTypes as readonly string[]).includes(file.type)) {
      await tellImageRefused(`“${file.name}” was not added: ${notAnImage}`);
      continue;
    }
    const preview = URL.createObjectURL(file);
    let details;
    try {
      details = await askFigureDetails({ title: 'Add an image', action: 'Add image', preview, name: file.name });
    } finally {
      URL.revokeObjectURL(preview);
    }
    if (!details || editor.isDestroyed) continue;
    let attrs: Record<string, unknown>;
    try {
      if (!navigator.onLine) throw new Error('offline');
      const stored = await uploadImage(context.docId, file);
      attrs = { src: stored.src, alt: details.alt, caption: details.caption, pendingUpload: null };
    } catch (error) {
      if (!uploadCanWait(error)) {
        await tellImageRefused(refusalMessage(error, file.name));
        continue;
      }
      const id = pendingUploadId(context.userId);
      await pendingImages.put({ id, docId: context.docId, userId: context.userId, name: file.name, blob: file, createdAt: Date.now() });
      attrs = { src: '', alt: details.alt, caption: details.caption, pendingUpload: id };
    }
    if (editor.isDestroyed) return;
    const content = { type: 'image', attrs };
    const chain = editor.chain().focus();
    (position === undefined ? chain.insertContent(content) : chain.insertContentAt(position, content)).run();
    position = undefined;
  }
}

let uploading = false;

/**
 * Uploads this user's images waiting for the document, oldest first, and
 * gives their nodes the file's address. Stops at the first that still cannot
 * reach the server (the next reconnect tries again); a refused one is
 * removed from the document and told.
 */
export async function uploadWaitingImages(editor: Editor, context: FigureContext): Promise<void> {
  if (uploading || !navigator.onLine) return;
  uploading = true;
  try {
    for (const image of await pendingImages.forDoc(context.docId, context.userId)) {
      if (editor.isDestroyed) return;
      // Not in the document (yet: the device copy may still be loading, or someone removed it): it waits.
      if (pendingFigurePositions(editor.state.doc, image.id).length === 0) continue;
      try {
        const stored = await uploadImage(context.docId, image.blob);
        const tr = completeUpload(editor.state, image.id, stored.src);
        if (tr) editor.view.dispatch(tr);
      } catch (error) {
        if (uploadCanWait(error)) return;
        const tr = dropPendingFigures(editor.state, image.id);
        if (tr) editor.view.dispatch(tr);
        await pendingImages.remove(image.id);
        await tellImageRefused(refusalMessage(error, image.name));
        continue;
      }
      await pendingImages.remove(image.id);
    }
  } finally {
    uploading = false;
  }
}
