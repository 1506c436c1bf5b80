import type { Reply, ReplyActions, Thread, ThreadActions } from '../../../shared/schemas/threads';

/** Threads and replies as the API presents them, for client tests. */
export const ada = { id: 'adaadaadaadaadaa', name: 'Ada' };

/** A thread's `can` as the server would present it to a reader who may do nothing with it. */
export const noThreadActions: ThreadActions = {
  reply: false,
  edit: false,
  editReplacement: false,
  delete: false,
  resolve: false,
  reopen: false,
  accept: false,
  reject: false,
  reattach: false,
};
export const noReplyActions: ReplyActions = { edit: false, delete: false };

export function aThread(id: string, extra: Partial<Thread> = {}): Thread {
  return {
    id,
    docId: 'docdocdocdocdocd',
    kind: 'comment',
    visibility: 'group',
    status: 'open',
    author: ada,
    body: `Body of ${id}`,
    mentions: [],
    tag: null,
    replacement: null,
    anchor: { start: 'AA==', end: 'AA==', quote: 'words', prefix: '', suffix: '' },
    createdAt: 1,
    editedAt: null,
    deletedAt: null,
    statusChange: null,
    anchorChange: null,
    replies: [],
    can: noThreadActions,
    ...extra,
  };
}

export function aReply(id: string, threadId: string, extra: Partial<Reply> = {}): Reply {
  return { id, threadId, author: ada, body: `Reply ${id}`, mentions: [], createdAt: 1, editedAt: null, can: noReplyActions, ...extra };
}
