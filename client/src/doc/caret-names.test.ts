// @vitest-environment jsdom
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { caretNames, nameShownMs, stillClass } from './caret-names';
import { renderCaret } from './editor-extensions';
import { peerOf, testEditors } from './test-editors';

const editors = testEditors();

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Ada's editor with the app's carets, and Grace on a replica of the
 * document, whose awareness reaches Ada's as the socket would carry it.
 * The clock is fake from the moment the binding has drawn the document
 * (it does so a task after the editor is made).
 */
async function twoPeople({ graceAlreadyThere = false } = {}) {
  let awareness: Awareness | undefined;
  let names: ReturnType<typeof caretNames> | undefined;
  const graceUser = { id: 'grace', name: 'Grace Hopper', color: '#993366' };
  const { doc, editor } = editors.collaborative('<p>Plants make their own food.</p><p>We measured the oxygen.</p>', (doc) => {
    awareness = new Awareness(doc);
    if (graceAlreadyThere) {
      const before = new Awareness(new Y.Doc());
      before.setLocalState({ user: graceUser });
      applyAwarenessUpdate(awareness, encodeAwarenessUpdate(before, [before.clientID]), 'socket');
      before.destroy();
    }
    names = caretNames(awareness);
    return [
      CollaborationCaret.configure({
        provider: { awareness },
        user: { id: 'ada', name: 'Ada Lovelace', color: '#336699' },
        render: (user) => renderCaret(user, names!.isStill),
      }),
      names!.extension,
    ];
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  vi.useFakeTimers();
  const peer = peerOf(doc);
  const grace = new Awareness(peer);
  /** Grace's caret moves to `index` of paragraph `paragraph`'s text. */
  const moveGrace = (paragraph: number, index: number) => {
    const text = (doc.getXmlFragment('default').get(paragraph) as Y.XmlElement).get(0) as Y.XmlText;
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
    grace.setLocalState({ user: graceUser, cursor: { anchor: at, head: at } });
    applyAwarenessUpdate(awareness!, encodeAwarenessUpdate(grace, [grace.clientID]), 'socket');
    // The caret extension redraws a task later, once per burst of awareness changes.
    vi.advanceTimersByTime(1);
  };
  /** A change to the first paragraph's text, made on Grace's replica. */
  const editGrace = (change: (text: Y.XmlText) => void) => {
    change((peer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText);
    vi.advanceTimersByTime(1);
  };
  const graceCaret = () => editor.view.dom.querySelector<HTMLElement>('.collaboration-carets__caret[data-user-id="grace"]');
  return { editGrace, moveGrace, graceCaret, isStill: names!.isStill };
}

describe('caret names', () => {
  it('show while the person moves and fade once they have been still', async () => {
    const { moveGrace, graceCaret } = await twoPeople();
    moveGrace(0, 5);
    expect(graceCaret()).not.toBeNull();
    expect(graceCaret()!.classList.contains(stillClass)).toBe(false);

    vi.advanceTimersByTime(nameShownMs - 100);
    moveGrace(0, 10);
    vi.advanceTimersByTime(nameShownMs - 100);
    // Moving again kept it: still less than the whole while since her last move.
    expect(graceCaret()!.classList.contains(stillClass)).toBe(false);
    vi.advanceTimersByTime(100);
    expect(graceCaret()!.classList.contains(stillClass)).toBe(true);

    // On along the same line: the caret's element may be kept, and is marked again.
    moveGrace(0, 14);
    expect(graceCaret()!.classList.contains(stillClass)).toBe(false);
  });

  it('stay faded when the caret is drawn again while its owner is still', async () => {
    const { editGrace, moveGrace, graceCaret } = await twoPeople();
    moveGrace(0, 5);
    vi.advanceTimersByTime(nameShownMs);
    const drawn = graceCaret();
    expect(drawn!.classList.contains(stillClass)).toBe(true);
    // Someone makes the start of her line bold: the text there is drawn afresh, her caret with it, and she has not moved.
    editGrace((text) => text.format(0, 6, { bold: {} }));
    expect(graceCaret()).not.toBe(drawn);
    expect(graceCaret()!.classList.contains(stillClass)).toBe(true);
  });

  it('name whoever is already in the document for a moment as it opens', async () => {
    const { isStill } = await twoPeople({ graceAlreadyThere: true });
    expect(isStill('grace')).toBe(false);
    vi.advanceTimersByTime(nameShownMs);
    expect(isStill('grace')).toBe(true);
  });
});
