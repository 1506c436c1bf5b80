import { hashKey, useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/core';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { queryKeys } from '../api/queries';
import type { ThreadList } from '../api/feedback-endpoints';
import { updateThreadCache } from '../threads/thread-cache';
import { DraftSender } from './draft-sender';
import './suggesting.css';
import { redrawDrafts, Suggesting } from './suggesting-extension';

/**
 * The document page's mode, as in Google Docs: Editing changes the text,
 * Suggesting turns what one types into suggestion threads
 * (suggesting-extension.ts), Viewing reads. Members who may only give
 * feedback (reviewers) have Suggesting and Viewing; readers without either
 * right, or a locked copy, only what they are allowed. The choice is
 * remembered per document in this browser.
 */

export const editorModes = ['editing', 'suggesting', 'viewing'] as const;
export type EditorMode = (typeof editorModes)[number];

const modeWords: Record<EditorMode, { label: string; hint: string }> = {
  editing: { label: 'Editing', hint: 'Change the text directly' },
  suggesting: { label: 'Suggesting', hint: 'What you type becomes suggestions' },
  viewing: { label: 'Viewing', hint: 'Read without changing anything' },
};

const modeKey = (docId: string) => `commonplace:editor-mode:${docId}`;

export function allowedModes(can: { edit: boolean; giveFeedback: boolean }): EditorMode[] {
  return editorModes.filter((mode) => (mode === 'editing' ? can.edit : mode === 'suggesting' ? can.giveFeedback : true));
}

/** The mode this browser remembers choosing for the document, if any. */
function storedChoice(docId: string): EditorMode | null {
  try {
    const stored = localStorage.getItem(modeKey(docId));
    return editorModes.find((mode) => mode === stored) ?? null;
  } catch {
    // Storage refused: nothing remembered.
    return null;
  }
}

/**
 * The mode of someone who has not chosen one (or whose choice their rights no
 * longer allow): those who may edit start editing, those who may only
 * suggest start reading, as before there were modes. Derived at every
 * render, so a reviewer made a member can type at once.
 */
function defaultMode(allowed: readonly EditorMode[]): EditorMode {
  return allowed.includes('editing') ? 'editing' : 'viewing';
}

export interface SuggestingSetup {
  /** Add to the editor's extensions. */
  extension: ReturnType<typeof Suggesting.configure>;
  mode: EditorMode;
  allowed: EditorMode[];
  setMode: (mode: EditorMode) => void;
  /** Whether the editor takes input in this mode. */
  editorEditable: boolean;
  sender: DraftSender;
}

/** The mode and, for Suggesting, the drafts, their sender and the editor extension. */
export function useSuggesting(
  doc: { id: string; can: { edit: boolean; giveFeedback: boolean } },
  user: { id: string; name: string; color: string },
  ydoc: Y.Doc,
  editable: boolean,
): SuggestingSetup {
  const queryClient = useQueryClient();
  const allowed = useMemo(() => allowedModes({ edit: editable, giveFeedback: doc.can.giveFeedback }), [editable, doc.can.giveFeedback]);
  const [chosen, setChosen] = useState<EditorMode | null>(() => storedChoice(doc.id));
  const mode = chosen !== null && allowed.includes(chosen) ? chosen : defaultMode(allowed);
  const modeRef = useRef(mode);
  modeRef.current = mode;

  const sender = useMemo(
    () =>
      new DraftSender(doc.id, user.id, {
        onThread: (threadId, change, created) => {
          if (created) return updateThreadCache(queryClient, doc.id, { type: 'thread', thread: created });
          if (!change) return updateThreadCache(queryClient, doc.id, { type: 'thread-deleted', threadId });
          const cached = queryClient.getQueryData<ThreadList>(queryKeys.threads(doc.id))?.threads.find((t) => t.id === threadId);
          if (cached) updateThreadCache(queryClient, doc.id, { type: 'thread', thread: change(cached) });
        },
      }),
    [doc.id, user.id, queryClient],
  );
  useEffect(() => () => sender.destroy(), [sender]);
  // A suggestion of ours decided by someone (through the live list) is no longer a draft to extend.
  useEffect(() => {
    const key = queryKeys.threads(doc.id);
    const settle = () => {
      const threads = queryClient.getQueryData<ThreadList>(key)?.threads;
      if (threads) sender.settle((id) => threads.some((t) => t.id === id && t.status !== 'open'));
    };
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryHash === hashKey(key)) settle();
    });
  }, [queryClient, sender, doc.id]);

  const extension = useMemo(
    () =>
      Suggesting.configure({
        document: ydoc,
        book: sender.book,
        active: () => modeRef.current === 'suggesting',
        shown: () => sender.shown(),
        author: { name: user.name, color: user.color },
      }),
    [ydoc, sender, user.name, user.color],
  );

  const setMode = (next: EditorMode) => {
    try {
      localStorage.setItem(modeKey(doc.id), next);
    } catch {
      // Remembered for this page only.
    }
    sender.book.endCurrent();
    void sender.flush();
    setChosen(next);
  };

  return { extension, mode, allowed, setMode, editorEditable: mode === 'editing' ? editable : mode === 'suggesting', sender };
}

/** Sends drafts when the text loses the focus, and draws them again when their sending state changes. */
export function useDraftSending(editor: Editor | null, sender: DraftSender): void {
  useEffect(() => {
    if (!editor) return;
    const onBlur = () => {
      sender.book.endCurrent();
      void sender.flush();
    };
    editor.on('blur', onBlur);
    const stop = sender.subscribe(() => queueMicrotask(() => !editor.isDestroyed && redrawDrafts(editor.view)));
    return () => {
      editor.off('blur', onBlur);
      stop();
    };
  }, [editor, sender]);
}

/** The mode switch: a radio group (arrow keys move between modes), shown when there is a choice. */
export function ModeSwitch({ setup }: { setup: SuggestingSetup }) {
  const { sender } = setup;
  const subscribe = useMemo(() => sender.subscribe.bind(sender), [sender]);
  const waiting = useSyncExternalStore(subscribe, () => sender.waiting);
  if (setup.allowed.length < 2) return null;
  return (
    <div className="mode-switch">
      <div className="mode-options" role="radiogroup" aria-label="Mode">
        {setup.allowed.map((mode) => (
          <label key={mode} className={mode === setup.mode ? 'mode-option is-chosen' : 'mode-option'} title={modeWords[mode].hint}>
            <input type="radio" name="editor-mode" value={mode} checked={mode === setup.mode} onChange={() => setup.setMode(mode)} />
            <span>{modeWords[mode].label}</span>
          </label>
        ))}
      </div>
      <span className="mode-waiting muted small" role="status">
        {waiting ? 'Suggestions waiting to be sent' : ''}
      </span>
    </div>
  );
}
