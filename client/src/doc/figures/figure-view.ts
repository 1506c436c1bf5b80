import './figures.css';
import type { Editor } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { NodeView } from '@tiptap/pm/view';
import { askFigureDetails } from './figure-dialog';
import { pendingImages } from './pending-images';
import { isStoredFileSrc, pendingUploader } from './pending-upload-id';

/** Who the waiting image's uploader is, by their user id: a name from presence, or null. */
export type NameOf = (userId: string) => string | null;

/** What a reader sees instead of an image still waiting in its uploader's browser. */
export function waitingText(uploaderName: string | null, own: boolean): string {
  if (own) return 'Waiting to upload from this device: it uploads when you are back online.';
  return `Image uploading from ${uploaderName ? `${uploaderName}’s` : 'another member’s'} device…`;
}

/**
 * A figure in the editor: the picture (read with the reader's session from
 * `/api/files/<id>`), or, while it waits to be uploaded, the copy kept in
 * this browser for its uploader and a placeholder for everyone else; the
 * caption under it; and, for those who may edit, a button to edit the
 * description and caption.
 */
export class FigureView implements NodeView {
  dom: HTMLElement;
  #node: PmNode;
  #blobUrl: string | null = null;
  #picture: HTMLElement | null = null;
  readonly #caption: HTMLElement;
  readonly #edit: HTMLButtonElement;

  constructor(
    node: PmNode,
    private readonly editor: Editor,
    private readonly getPos: () => number | undefined,
    private readonly context: { userId: string; nameOf: NameOf },
  ) {
    this.#node = node;
    this.dom = document.createElement('figure');
    this.dom.className = 'figure';
    this.#caption = document.createElement('figcaption');
    this.#edit = document.createElement('button');
    this.#edit.type = 'button';
    this.#edit.className = 'figure-edit button quiet small';
    this.#edit.textContent = 'Edit description';
    this.#edit.addEventListener('click', () => void this.#editDetails());
    this.#render();
    // The editor turns read-only and back (Viewing mode, a lock at the due time): the button follows.
    editor.on('update', this.#followEditable);
  }

  readonly #followEditable = () => {
    this.#edit.hidden = !this.editor.isEditable;
  };

  update(node: PmNode): boolean {
    if (node.type !== this.#node.type) return false;
    const pictureChanged = node.attrs.src !== this.#node.attrs.src || node.attrs.pendingUpload !== this.#node.attrs.pendingUpload;
    this.#node = node;
    if (pictureChanged) this.#render();
    else this.#describe();
    return true;
  }

  selectNode(): void {
    this.dom.classList.add('is-selected');
  }

  deselectNode(): void {
    this.dom.classList.remove('is-selected');
  }

  /** The edit button's own clicks are not the editor's. */
  stopEvent(event: Event): boolean {
    return event.target instanceof Node && this.#edit.contains(event.target);
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.editor.off('update', this.#followEditable);
    if (this.#blobUrl) URL.revokeObjectURL(this.#blobUrl);
  }

  #render(): void {
    if (this.#blobUrl) URL.revokeObjectURL(this.#blobUrl);
    this.#blobUrl = null;
    const { src, pendingUpload } = this.#node.attrs as { src: unknown; pendingUpload: unknown };
    if (isStoredFileSrc(src)) {
      const img = document.createElement('img');
      img.src = src;
      img.draggable = false;
      this.#picture = img;
    } else if (typeof pendingUpload === 'string' && pendingUpload) {
      const uploader = pendingUploader(pendingUpload);
      const own = uploader === this.context.userId;
      const placeholder = document.createElement('div');
      placeholder.className = 'figure-waiting';
      placeholder.setAttribute('role', 'img');
      placeholder.textContent = waitingText(uploader ? this.context.nameOf(uploader) : null, own);
      this.#picture = placeholder;
      if (own) void this.#showLocalCopy(pendingUpload, placeholder);
    } else {
      const missing = document.createElement('div');
      missing.className = 'figure-waiting';
      missing.setAttribute('role', 'img');
      missing.textContent = 'This image cannot be shown here.';
      this.#picture = missing;
    }
    this.dom.replaceChildren(this.#picture, this.#caption, this.#edit);
    this.#describe();
  }

  /** The uploader sees their waiting image from this browser's copy. */
  async #showLocalCopy(pendingId: string, placeholder: HTMLElement): Promise<void> {
    const image = await pendingImages.get(pendingId).catch(() => undefined);
    if (!image || this.#picture !== placeholder) return;
    this.#blobUrl = URL.createObjectURL(image.blob);
    const img = document.createElement('img');
    img.src = this.#blobUrl;
    img.className = 'is-waiting';
    img.title = waitingText(null, true);
    this.#picture = img;
    placeholder.replaceWith(img);
    this.#describe();
  }

  #describe(): void {
    const { alt, caption } = this.#node.attrs as { alt: unknown; caption: unknown };
    const description = typeof alt === 'string' ? alt : '';
    if (this.#picture instanceof HTMLImageElement) this.#picture.alt = description;
    else this.#picture?.setAttribute('aria-label', `${this.#picture.textContent ?? ''} ${description}`.trim());
    this.#caption.textContent = typeof caption === 'string' ? caption : '';
    this.#caption.hidden = !this.#caption.textContent;
    this.#edit.hidden = !this.editor.isEditable;
    this.#edit.setAttribute('aria-label', `Edit description and caption of image${description ? `: ${description}` : ''}`);
  }

  async #editDetails(): Promise<void> {
    if (!this.editor.isEditable) return;
    const { alt, caption } = this.#node.attrs as { alt: string | null; caption: string | null };
    const details = await askFigureDetails({ title: 'Describe the image', action: 'Save', initial: { alt: alt ?? '', caption: caption ?? '' } });
    const pos = this.getPos();
    if (!details || pos === undefined || this.editor.isDestroyed) return;
    const node = this.editor.state.doc.nodeAt(pos);
    if (node?.type.name !== 'image') return;
    this.editor.view.dispatch(this.editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, alt: details.alt, caption: details.caption }));
  }
}
