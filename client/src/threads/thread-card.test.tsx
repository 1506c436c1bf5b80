// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import StarterKit from '@tiptap/starter-kit';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Thread, ThreadActions } from '../../../shared/schemas/threads';
import { createQueryClient } from '../app/query-client';
import { testEditors } from '../doc/test-editors';
import { FeedbackScopeContext, type FeedbackScope } from './feedback-scope';
import { ThreadCard, type Placement } from './thread-card';
import { ada, aReply, aThread, noThreadActions } from './thread-test-data';

/**
 * The card offers exactly what the thread's `can` says, whoever reads it:
 * it never works out a rule from a role or from who wrote the thread. Where
 * the thread sits in the text is the card's to add (accepting needs the text
 * in place; re-attaching is for a thread whose text is gone).
 */

// First, so that its afterEach runs last (after hooks run in reverse): the cards unmount before their editor goes.
const editors = testEditors();
afterEach(() => {
  cleanup();
});

function renderCard(thread: Thread, placement: Placement = 'attached', viewerId = 'readerreaderread') {
  const editor = editors.open({ extensions: [StarterKit] });
  const scope: FeedbackScope = {
    docId: thread.docId,
    groupId: 'groupgroupgroupg',
    viewer: { id: viewerId, name: 'Reader' },
    editor,
    ydoc: new Y.Doc(),
    members: [],
    tags: [],
  };
  render(
    <QueryClientProvider client={createQueryClient()}>
      <FeedbackScopeContext.Provider value={scope}>
        <ThreadCard thread={thread} placement={placement} active={false} />
      </FeedbackScopeContext.Provider>
    </QueryClientProvider>,
  );
}

/** The card's action buttons by name (the quote, which shows its text, aside). */
const buttons = () =>
  screen
    .queryAllByRole('button')
    .filter((button) => !button.classList.contains('thread-quote'))
    .map((button) => button.getAttribute('aria-label') ?? button.textContent);
/** Opens the card's menu of other actions, and gives their names. */
const menuItems = () => {
  fireEvent.click(screen.getByRole('button', { name: /^More actions/ }));
  return screen.getAllByRole('menuitem').map((item) => item.textContent);
};
const actions = (only: Partial<ThreadActions>): ThreadActions => ({ ...noThreadActions, ...only });

describe('ThreadCard', () => {
  it('offers nothing when the thread allows nothing, even to its own author', () => {
    renderCard(aThread('t1'), 'detached', ada.id);
    expect(buttons()).toEqual([]);
  });

  it.each<[Partial<ThreadActions>, string]>([
    [{ reply: true }, 'Reply'],
    [{ reject: true }, 'Reject'],
    [{ accept: true }, 'Accept'],
  ])('offers %o as the button %s, and only that', (can, label) => {
    renderCard(aThread('t1', { kind: 'suggestion', replacement: 'red', can: actions(can) }));
    expect(buttons()).toEqual([label]);
  });

  it.each<[Partial<ThreadActions>, string]>([
    [{ resolve: true }, 'Resolve'],
    [{ reopen: true }, 'Reopen'],
    [{ edit: true }, 'Edit'],
    [{ delete: true }, 'Delete'],
  ])('offers %o as %s in the card’s menu, and only that', (can, label) => {
    renderCard(aThread('t1', { kind: 'suggestion', replacement: 'red', can: actions(can) }));
    expect(buttons()).toEqual(['More actions on this suggestion']);
    expect(menuItems()).toEqual([label]);
  });

  it('shows deciding and replying as buttons, and keeps the rest in one menu that the keyboard can work', () => {
    renderCard(aThread('t1', { kind: 'suggestion', replacement: 'red', can: actions({ accept: true, reject: true, reply: true, resolve: true, edit: true, delete: true }) }));
    expect(buttons()).toEqual(['Accept', 'Reject', 'Reply', 'More actions on this suggestion']);
    const trigger = screen.getByRole('button', { name: 'More actions on this suggestion' });
    expect(trigger.getAttribute('aria-haspopup')).toBe('menu');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');

    fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    const items = screen.getAllByRole('menuitem');
    expect(items.map((item) => item.textContent)).toEqual(['Resolve', 'Edit', 'Delete']);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(items[1]!, { key: 'End' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(items[2]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[0]);

    // Escape closes the menu and gives the focus back to its button.
    fireEvent.keyDown(items[0]!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(trigger.getAttribute('aria-expanded')).toBe('false');

    // Choosing an item closes it too: Edit opens the editing form.
    expect(menuItems()).toEqual(['Resolve', 'Edit', 'Delete']);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Edit' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Edit your note' })).not.toBeNull();
  });

  it('offers to accept only while its text is in place, and to re-attach only once it is gone', () => {
    const thread = aThread('t1', { kind: 'suggestion', replacement: 'red', can: actions({ accept: true, reattach: true }) });
    renderCard(thread, 'attached');
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeNull();
    expect(screen.queryByRole('button', { name: /More actions/ })).toBeNull();
    cleanup();
    renderCard(thread, 'detached');
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(menuItems()).toEqual(['Re-attach to selected textSelect the text it should be about first']);
    // Nothing is selected in the text: it says so, and choosing it does nothing.
    const reattach = screen.getByRole('menuitem', { name: /Re-attach/ });
    expect(reattach.getAttribute('aria-disabled')).toBe('true');
  });

  it('offers to edit or delete a reply as the reply says, not by who wrote it', () => {
    const mine = aReply('r1', 't1', { author: { id: 'readerreaderread', name: 'Reader' } });
    const theirs = aReply('r2', 't1', { can: { edit: true, delete: true } });
    renderCard(aThread('t1', { replies: [mine, theirs] }));
    expect(screen.queryByRole('button', { name: 'More actions on Reader’s reply' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'More actions on Ada’s reply' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Edit reply', 'Delete reply']);
  });
});
