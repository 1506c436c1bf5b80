import { Extension, type AnyExtension, type Node } from '@tiptap/core';
import FileHandler from '@tiptap/extension-file-handler';
import type { WebsocketProvider } from 'y-websocket';
import { addImages, uploadWaitingImages, type FigureContext } from './add-images';
import { FigureView } from './figure-view';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    imageFiles: {
      /** Adds image files as figures (the toolbar's picker): described, then uploaded or kept waiting. */
      addImageFiles: (files: File[]) => ReturnType;
    };
  }
}

/** Images as figures rendered by FigureView; the node's schema stays shared/editor-figure.ts. */
export function figureWithView(figure: Node, userId: string, provider: WebsocketProvider): Node {
  const nameOf = (id: string): string | null => {
    for (const state of provider.awareness.getStates().values()) {
      const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
      if (user?.id === id && typeof user.name === 'string') return user.name;
    }
    return null;
  };
  return figure.extend({
    addNodeView() {
      return ({ node, editor, getPos }) => new FigureView(node, editor, getPos, { userId, nameOf });
    },
  });
}

/**
 * Files pasted, dropped or picked become figures (FileHandler); images that
 * waited offline upload when the browser is online again and the sync
 * socket reconnects, and once when the editor opens.
 */
export function imageFiles(context: FigureContext, provider: WebsocketProvider): AnyExtension {
  let onOnline: (() => void) | null = null;
  let onStatus: ((event: { status: string }) => void) | null = null;
  return Extension.create({
    name: 'imageFiles',
    addCommands() {
      return {
        addImageFiles: (files) => () => {
          void addImages(this.editor, context, files);
          return true;
        },
      };
    },
    addExtensions() {
      return [
        FileHandler.configure({
          // Any image, so that an unsupported one (SVG, HEIC) is refused with a reason rather than ignored.
          allowedMimeTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'image/bmp', 'image/tiff', 'image/avif', 'image/heic', 'image/heif'],
          onDrop: (editor, files, pos) => void addImages(editor, context, files, pos),
          onPaste: (editor, files, html) => {
            // Pasted with a page's HTML (a copy from Word or the web), the HTML is the content: its pictures are not files.
            if (!html) void addImages(editor, context, files);
          },
        }),
      ];
    },
    onCreate() {
      const upload = () => void uploadWaitingImages(this.editor, context);
      onOnline = upload;
      onStatus = ({ status }) => {
        if (status === 'connected') upload();
      };
      window.addEventListener('online', onOnline);
      provider.on('status', onStatus);
      upload();
    },
    onDestroy() {
      if (onOnline) window.removeEventListener('online', onOnline);
      if (onStatus) provider.off('status', onStatus);
    },
  });
}
