import * as Y from 'yjs';
import { type DocumentView, documentTree } from '../../../shared/document-tree';
import { type DocNode, isTextNode, treeText } from '../../../shared/document-nodes';
import type { User } from '../../../shared/schemas/auth';
import type { DocumentAt, Version } from '../../../shared/schemas/history';
import { userOrPlaceholder } from '../contributions/presenter';
import { treeHtml } from '../export/html';
import type { Moment, VersionRecord } from './service';

/**
 * Who wrote, inserted or deleted what is contribution data: a caller whose
 * role may not see contribution reports (a reviewer) gets the same history
 * without names (authors null, no legend).
 */
export interface AuthorLookup {
  /** Null when the caller may not see who wrote what. */
  owners: ReadonlyMap<number, string> | null;
  users: ReadonlyMap<string, User>;
}

export function presentVersion(version: VersionRecord): Version {
  return {
    id: version.id,
    docId: version.doc_id,
    kind: version.kind,
    name: version.name,
    createdAt: version.created_at,
    createdBy: version.creator,
    lastUpdateId: version.last_update_id,
    locked: version.locked === 1,
    scheduled: version.last_update_id === null,
  };
}

/** The tree of a document for a caller, with authors only when they may see them. */
export function treeFor(doc: Y.Doc, owners: ReadonlyMap<number, string> | null, view?: DocumentView): DocNode[] {
  const tree = documentTree(doc, { view, authorOf: (client) => owners?.get(client) ?? null });
  return owners ? tree : withoutDeleters(tree);
}

/** The user ids a tree names, as authors or deleters. */
export function namedIn(nodes: readonly DocNode[]): Set<string> {
  const ids = new Set<string>();
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (!isTextNode(node)) visit(node.content);
      else {
        if (node.author) ids.add(node.author);
        if (node.deletedBy) ids.add(node.deletedBy);
      }
    }
  };
  visit(nodes);
  return ids;
}

export function presentMoment(moment: Moment, content: DocNode[], users: ReadonlyMap<string, User>): DocumentAt {
  return {
    lastUpdateId: moment.lastUpdateId,
    at: moment.at,
    state: Buffer.from(Y.encodeStateAsUpdate(moment.doc)).toString('base64'),
    content,
    text: treeText(content),
    html: treeHtml(content),
    authors: [...namedIn(content)].map((userId) => userOrPlaceholder(users, userId)),
  };
}

function withoutDeleters(nodes: readonly DocNode[]): DocNode[] {
  return nodes.map((node) => {
    if (!isTextNode(node)) return { ...node, content: withoutDeleters(node.content) };
    const { deletedBy: _deletedBy, ...rest } = node;
    return rest;
  });
}
