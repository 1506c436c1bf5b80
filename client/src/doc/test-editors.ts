import { Editor, type EditorOptions, type Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import { afterEach } from 'vitest';
import * as Y from 'yjs';

/**
 * Editors for the tests of one file, each destroyed after the test that
 * made it (a live editor keeps its Y.Doc observers and DOM between tests).
 * Call once at the top of a test file: it registers the afterEach.
 */
export function testEditors() {
  const made: Editor[] = [];
  afterEach(() => {
    for (const editor of made.splice(0)) editor.destroy();
  });

  /** An editor in a detached element. */
  const open = (options: Partial<EditorOptions>): Editor => {
    const editor = new Editor({ element: document.createElement('div'), ...options });
    made.push(editor);
    return editor;
  };

  /**
   * An editor bound to a new Y.Doc as the app binds one: `base` (StarterKit
   * by default, without its own undo, which Yjs replaces), Collaboration on
   * the `default` fragment, then `extensions` made for that Y.Doc; holding
   * `html`, written through the binding into the Y.Doc.
   */
  const collaborative = (
    html: string,
    extensions: (doc: Y.Doc) => Extensions = () => [],
    base: Extensions = [StarterKit.configure({ undoRedo: false })],
  ): { doc: Y.Doc; editor: Editor } => {
    const doc = new Y.Doc();
    const editor = open({ extensions: [...base, Collaboration.configure({ document: doc, field: 'default' }), ...extensions(doc)] });
    editor.commands.setContent(html);
    return { doc, editor };
  };

  return { open, collaborative };
}

/** A second replica of `doc`, kept in step with it both ways: another person's copy of the document. */
export function peerOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc), doc);
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== peer && Y.applyUpdate(peer, update, doc));
  peer.on('update', (update: Uint8Array, origin: unknown) => origin !== doc && Y.applyUpdate(doc, update, peer));
  return peer;
}
