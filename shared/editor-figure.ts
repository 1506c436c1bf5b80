import Image from '@tiptap/extension-image';
import { productFilePath } from './schemas/files';

/**
 * An image in a document: the node is Tiptap's `image` (a block, a leaf),
 * with what a deliverable needs beside its picture.
 *
 * - `src` is the file's address in this product, `/api/files/<id>`: files
 *   are read with the rights of the document's group, never public. Pasted
 *   HTML keeps only such images (from this product, absolute or not): an
 *   image from elsewhere would be fetched from another site by every
 *   reader, and `src=x onerror=...` is the oldest trick in pasted markup.
 *   Pasted image files are uploaded instead (client/src/doc/figures/).
 * - `alt` describes the picture for people who cannot see it; the editor asks
 *   for it when an image is added.
 * - `caption` is shown under the picture (and exported as its caption).
 * - `pendingUpload` is a local id while the file still waits in its
 *   uploader's browser (offline); `src` is empty until it is uploaded.
 *   Others see a placeholder meanwhile.
 */
export const Figure = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      src: {
        default: null,
        parseHTML: (element) => productFilePath(element.getAttribute('src')),
      },
      caption: {
        default: '',
        parseHTML: (element) => element.closest('figure')?.querySelector('figcaption')?.textContent ?? '',
        renderHTML: () => ({}),
      },
      pendingUpload: {
        default: null,
        parseHTML: () => null,
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'img[src]', getAttrs: (element) => (productFilePath(element.getAttribute('src')) === null ? false : null) }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const image = ['img', HTMLAttributes] as const;
    const caption = typeof node.attrs.caption === 'string' ? node.attrs.caption : '';
    return caption ? ['figure', { class: 'figure' }, image, ['figcaption', {}, caption]] : ['figure', { class: 'figure' }, image];
  },
}).configure({ inline: false, allowBase64: false });

