import type { Editor } from '@tiptap/core';
import { checkLink } from '../../../shared/safe-url';

/**
 * Asks for a link address for the selection (toolbar button and Mod-K);
 * empty removes the link. An address the document may not hold
 * (shared/safe-url.ts) is refused with the reason, and the prompt asks again
 * with what was typed, so nothing is lost.
 */
export function promptForLink(editor: Editor, ask: (message: string, value: string) => string | null = (message, value) => window.prompt(message, value)): void {
  if (!editor.isEditable) return;
  const current = editor.getAttributes('link').href as string | undefined;
  let message = 'Link address (leave empty to remove the link)';
  let value = current ?? 'https://';
  for (;;) {
    const answer = ask(message, value);
    if (answer === null) return;
    const href = answer.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (href === '' || href === 'https://') {
      chain.unsetLink().run();
      return;
    }
    const check = checkLink(href);
    if (check.ok) {
      chain.setLink({ href: check.href }).run();
      return;
    }
    message = `That link was not added: ${check.reason} Link address (leave empty to remove the link)`;
    value = answer;
  }
}
