import type { Editor } from '@tiptap/core';

/** Asks for a link address for the selection (toolbar button and Mod-K); empty removes the link. */
export function promptForLink(editor: Editor): void {
  if (!editor.isEditable) return;
  const current = editor.getAttributes('link').href as string | undefined;
  const answer = window.prompt('Link address (leave empty to remove the link)', current ?? 'https://');
  if (answer === null) return;
  const href = answer.trim();
  const chain = editor.chain().focus().extendMarkRange('link');
  if (href === '' || href === 'https://') chain.unsetLink().run();
  else chain.setLink({ href }).run();
}
