import { getSchema } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { Figure } from './editor-figure';
import { isSafeUrl } from './safe-url';

/**
 * The editor's nodes and marks: what a document may hold. The browser's
 * editor is built from these (client/src/doc/editor-extensions.ts adds
 * collaboration, carets and highlights, none of which adds a node or a mark),
 * and the server builds the same ProseMirror schema from them when it writes
 * into a document itself (an accepted suggestion), so both read and write the
 * Yjs tree alike.
 */
export function documentExtensions() {
  return {
    starterKit: StarterKit.configure({
      // Collaboration brings its own undo: per user, never undoing someone else's typing.
      undoRedo: false,
      // Links only to web, email and relative addresses (shared/safe-url.ts):
      // typed, pasted, autolinked or arriving from another replica alike.
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https', isAllowedUri: (url) => isSafeUrl(url), shouldAutoLink: (url) => isSafeUrl(url) },
      heading: { levels: [1, 2, 3] },
    }),
    taskList: TaskList,
    taskItem: TaskItem.configure({ nested: true }),
    figure: Figure,
    // Tables: a header row, merged cells; column widths are not kept (a
    // learner's report reflows to any screen, and Word sizes columns itself).
    tables: TableKit.configure({ table: { resizable: false } }),
  };
}

let schema: Schema | null = null;

/** The editor's ProseMirror schema, built once. */
export function documentSchema(): Schema {
  if (!schema) {
    schema = getSchema(Object.values(documentExtensions()));
  }
  return schema;
}
