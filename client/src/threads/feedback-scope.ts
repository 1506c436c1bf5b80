import type { Editor } from '@tiptap/core';
import { createContext, useContext } from 'react';
import type * as Y from 'yjs';
import type { AnnotationTag } from '../../../shared/schemas/threads';
import type { Mentionable } from './mention-input';

/** What every part of the feedback panel needs to know about the open document and its reader. */
export interface FeedbackScope {
  docId: string;
  groupId: string;
  viewer: { id: string; name: string };
  editor: Editor;
  /** The shared document anchors are made from and resolved against. */
  ydoc: Y.Doc;
  /** The group's members (for mentions). */
  members: readonly Mentionable[];
  /** The group's annotation tags, retired ones included. */
  tags: readonly AnnotationTag[];
}

export const FeedbackScopeContext = createContext<FeedbackScope | null>(null);

export function useFeedbackScope(): FeedbackScope {
  const scope = useContext(FeedbackScopeContext);
  if (!scope) throw new Error('useFeedbackScope is used outside the feedback panel.');
  return scope;
}
