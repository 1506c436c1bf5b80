import { Extension } from '@tiptap/core';

/**
 * The editor's node views are made once, as its view is created. Tiptap's
 * React binding asks for them again once the editor moves into its
 * EditorContent, so that React node views can render into portals; ours are
 * plain DOM (figures, tasks, tables), and since Tiptap hands ProseMirror new
 * node-view functions each time, asking again would draw the whole document
 * a second time as it opens (25 ms of 120 paragraphs). They are made again
 * only when the view lacks one (EditorContent clears them when it unmounts).
 */
export const NodeViewsMadeOnce = Extension.create({
  name: 'nodeViewsMadeOnce',
  onBeforeCreate() {
    const { editor } = this;
    const makeAgain = editor.createNodeViews.bind(editor);
    editor.createNodeViews = () => {
      const held = Object.keys(editor.view.props.nodeViews ?? {});
      const wanted = Object.keys(editor.extensionManager.nodeViews);
      if (held.length === wanted.length && wanted.every((name) => held.includes(name))) return;
      makeAgain();
    };
  },
});
