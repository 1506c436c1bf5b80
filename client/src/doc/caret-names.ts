import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { Awareness } from 'y-protocols/awareness';

/** How long a person's name stays over their caret once they are still. */
export const nameShownMs = 3000;

/** The class a caret carries while its owner is still: its name fades (editor.css). */
export const stillClass = 'is-still';

/** What the awareness protocol says changed: the clients whose state did. */
interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Other people's names stand over their carets while they move or type and
 * fade once they have been still for a few seconds, as in Google Docs: a
 * name left standing covers the end of the line above it, which whoever
 * reads or writes there needs to see. The caret itself stays, in the
 * person's colour; choosing them in the presence bar shows the name again.
 * Whoever is already in the document when it opens is named for a moment.
 *
 * The caret's element is made by the caret extension whenever it redraws
 * (`render` in editor-extensions.ts asks `isStill` for its first look), and
 * may be kept or replaced as its owner moves: the plugin here marks what is
 * on the page when someone moves and when they have been still long enough.
 */
export function caretNames(awareness: Awareness) {
  const movedAt = new Map<string, number>();

  const isStill = (userId: string): boolean => Date.now() - (movedAt.get(userId) ?? 0) >= nameShownMs;

  const extension = Extension.create({
    name: 'caretNames',
    addProseMirrorPlugins() {
      return [
        new Plugin({
          view(view) {
            const timers = new Map<string, ReturnType<typeof setTimeout>>();
            const mark = (userId: string, still: boolean) => {
              for (const caret of view.dom.querySelectorAll<HTMLElement>('.collaboration-carets__caret')) {
                if (caret.dataset.userId === userId) caret.classList.toggle(stillClass, still);
              }
            };
            const onChange = ({ added, updated }: AwarenessChange) => {
              for (const clientId of [...added, ...updated]) {
                if (clientId === awareness.clientID) continue;
                const user: unknown = awareness.getStates().get(clientId)?.user;
                const userId = typeof user === 'object' && user !== null && 'id' in user ? user.id : undefined;
                if (typeof userId !== 'string') continue;
                movedAt.set(userId, Date.now());
                mark(userId, false);
                clearTimeout(timers.get(userId));
                timers.set(
                  userId,
                  setTimeout(() => {
                    timers.delete(userId);
                    mark(userId, true);
                  }, nameShownMs),
                );
              }
            };
            awareness.on('change', onChange);
            // Whoever is in the document as it opens is named for a moment too, as if they had just moved.
            onChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] });
            return {
              destroy() {
                awareness.off('change', onChange);
                for (const timer of timers.values()) clearTimeout(timer);
              },
            };
          },
        }),
      ];
    },
  });

  return { isStill, extension };
}
