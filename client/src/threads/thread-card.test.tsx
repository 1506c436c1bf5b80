// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Thread, ThreadActions } from '../../../shared/schemas/threads';
import { createQueryClient } from '../app/query-client';
import { FeedbackScopeContext, type FeedbackScope } from './feedback-scope';
import { ThreadCard, type Placement } from './thread-card';
import { ada, aReply, aThread, noThreadActions } from './thread-test-data';

/**
 * The card offers exactly what the thread's `can` says, whoever reads it:
 * it never works out a rule from a role or from who wrote the thread. Where
 * the thread sits in the text is the card's to add (accepting needs the text
 * in place; re-attaching is for a thread whose text is gone).
 */

const editors: Editor[] = [];
afterEach(() => {
  cleanup();
  for (const editor of editors.splice(0)) editor.destroy();
});

function renderCard(thread: Thread, placement: Placement = 'attached', viewerId = 'readerreaderread') {
  const editor = new Editor({ extensions: [StarterKit] });
  editors.push(editor);
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

const buttons = () => screen.queryAllByRole('button').map((button) => button.textContent);
const actions = (only: Partial<ThreadActions>): ThreadActions => ({ ...noThreadActions, ...only });

describe('ThreadCard', () => {
  it('offers nothing when the thread allows nothing, even to its own author', () => {
    renderCard(aThread('t1'), 'detached', ada.id);
    expect(buttons()).toEqual([]);
  });

  it.each<[Partial<ThreadActions>, string]>([
    [{ reply: true }, 'Reply'],
    [{ resolve: true }, 'Resolve'],
    [{ reopen: true }, 'Reopen'],
    [{ reject: true }, 'Reject'],
    [{ accept: true }, 'Accept'],
    [{ edit: true }, 'Edit'],
    [{ delete: true }, 'Delete'],
  ])('offers %o as the button %s, and only that', (can, label) => {
    renderCard(aThread('t1', { kind: 'suggestion', replacement: 'red', can: actions(can) }));
    expect(buttons().filter((text) => text !== '“words”')).toEqual([label]);
  });

  it('offers to accept only while its text is in place, and to re-attach only once it is gone', () => {
    const thread = aThread('t1', { kind: 'suggestion', replacement: 'red', can: actions({ accept: true, reattach: true }) });
    renderCard(thread, 'attached');
    expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeNull();
    expect(screen.queryByRole('button', { name: /Re-attach/ })).toBeNull();
    cleanup();
    renderCard(thread, 'detached');
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Re-attach/ })).not.toBeNull();
  });

  it('offers to edit or delete a reply as the reply says, not by who wrote it', () => {
    const mine = aReply('r1', 't1', { author: { id: 'readerreaderread', name: 'Reader' } });
    const theirs = aReply('r2', 't1', { can: { edit: true, delete: true } });
    renderCard(aThread('t1', { replies: [mine, theirs] }));
    expect(screen.getAllByRole('button', { name: 'Edit your reply' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Delete your reply' })).toHaveLength(1);
    expect(screen.getByRole('listitem', { name: 'Reply by Ada' }).querySelector('.message-actions')).not.toBeNull();
  });
});
