import { Extension, type Extensions } from '@tiptap/core';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { CharacterCount, Placeholder } from '@tiptap/extensions';
import { documentExtensions } from '../../../shared/editor-schema';
import { SinceVisitHighlights } from '../activity/since-visit-highlights';
import { AuthorshipHighlights } from '../history/authorship-highlights';
import { ThreadHighlights } from '../threads/thread-highlights';
import { caretNames, stillClass } from './caret-names';
import type { CollaborationSession } from './collaboration-session';
import { figureWithView, imageFiles } from './figures/figure-extensions';
import { promptForLink } from './link-prompt';
import { NodeViewsMadeOnce } from './node-views-made-once';
import type { PresenceUser } from './presence';

/** The editor's Y.XmlFragment is named `default`: thread anchors and the server's readers of the document use that name. */
export const fragmentName = 'default';

/**
 * A caret with the person's name, faded from the start if they have been
 * still a while (caret-names.ts); `data-user-id` lets the presence bar and
 * the fading find it.
 */
export function renderCaret(user: Record<string, unknown>, isStill: (userId: string) => boolean): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : '#555555';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  if (typeof user.id === 'string') {
    caret.dataset.userId = user.id;
    caret.classList.toggle(stillClass, isStill(user.id));
  }
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : 'Someone';
  caret.append(label);
  return caret;
}

/** Mod-K asks for a link, as in most editors. */
const LinkShortcut = Extension.create({
  name: 'linkShortcut',
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        promptForLink(this.editor);
        return true;
      },
    };
  },
});

/**
 * Typed addresses become links in the editor they are typed in (Tiptap's
 * autolink); text that arrives through Yjs (others' typing, the device copy,
 * the document loading) was linked there already, or deliberately not.
 * Looking again here would only cost time: the first look builds linkify's
 * scanner, about 0.2 s, just as a document opens.
 */
const AutolinkOwnTyping = Extension.create({
  name: 'autolinkOwnTyping',
  dispatchTransaction({ transaction, next }) {
    if (isChangeOrigin(transaction)) transaction.setMeta('preventAutolink', true);
    next(transaction);
  },
});

/** The document's nodes and marks come from shared/editor-schema.ts (the server writes accepted suggestions with the same schema); the rest is the editing experience. */
export function editorExtensions(session: CollaborationSession, user: PresenceUser): Extensions {
  const { starterKit, taskList, taskItem, figure, tables } = documentExtensions();
  const names = caretNames(session.provider.awareness);
  return [
    starterKit,
    figureWithView(figure, user.id, session.provider),
    // Images pasted, dropped or picked; those kept offline upload on reconnect.
    imageFiles({ docId: session.provider.roomname, userId: user.id }, session.provider),
    tables,
    Collaboration.configure({ document: session.doc, field: fragmentName }),
    CollaborationCaret.configure({ provider: session.provider, user, render: (caretUser) => renderCaret(caretUser, names.isStill) }),
    names.extension,
    Placeholder.configure({ placeholder: 'Start writing… (type # for a heading, - for a list, [ ] for a task)' }),
    taskList,
    taskItem,
    CharacterCount,
    LinkShortcut,
    AutolinkOwnTyping,
    NodeViewsMadeOnce,
    // Feedback threads as decorations over the text.
    ThreadHighlights.configure({ document: session.doc }),
    // Who wrote what, tinted on demand.
    AuthorshipHighlights.configure({ document: session.doc }),
    // Others' text since the reader's last visit.
    SinceVisitHighlights.configure({ document: session.doc }),
  ];
}
