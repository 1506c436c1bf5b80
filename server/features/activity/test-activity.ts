import * as Y from 'yjs';
import { anchorFromRange } from '../../../shared/anchors';
import type { Role } from '../../../shared/permissions';
import type { FeedStreamEvent } from '../../../shared/schemas/activity';
import { createTestDoc, type TestServer, type TestUser } from '../../testing/test-server';
import { openEventStream, type StreamReader } from '../threads/test-feedback';

/**
 * Fixtures for the activity tests: a team with a document, writers whose
 * edits are stored in the update log exactly as the sync server stores them
 * (one attributed row per update, the client id claimed for its writer), at
 * chosen times, and a reader of the feed's event stream.
 */

export interface Team {
  groupId: string;
  projectId: string;
  docId: string;
  /** By first name. */
  people: Record<string, TestUser>;
  writers: DocWriters;
}

/** A group named `groupName` with one project and a document titled `title`; the first person is its instructor unless roles say otherwise. */
export async function createTeam(
  server: TestServer,
  people: [name: string, role: Role][],
  options: { title?: string; groupName?: string } = {},
): Promise<Team> {
  const users = await Promise.all(people.map(([name]) => server.createUser(name)));
  const { groupId, projectId, docId } = await createTestDoc(
    server,
    people.map(([, role], i) => ({ member: users[i]!, role })),
  );
  const { db } = server.domain.store;
  if (options.title) await db.updateTable('documents').set({ title: options.title }).where('id', '=', docId).execute();
  if (options.groupName) await db.updateTable('groups').set({ name: options.groupName }).where('id', '=', groupId).execute();
  return {
    groupId,
    projectId,
    docId,
    people: Object.fromEntries(people.map(([name], i) => [name, users[i]!])),
    writers: new DocWriters(server, docId),
  };
}

/** A Tiptap-shaped block: `heading` or `paragraph` with one text. */
export function block(type: 'heading' | 'paragraph', text: string): Y.XmlElement {
  const element = new Y.XmlElement(type);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/**
 * Each writer edits their own replica of the document (their own Yjs client
 * id), synced with everything stored before; each edit is stored as one row.
 */
export class DocWriters {
  readonly #stored: Uint8Array[] = [];
  readonly #replicas = new Map<string, { doc: Y.Doc; applied: number }>();

  constructor(
    private readonly server: TestServer,
    private readonly docId: string,
  ) {}

  /** The writer's replica, up to date with every stored row. */
  replica(user: TestUser): Y.Doc {
    let replica = this.#replicas.get(user.user.id);
    if (!replica) this.#replicas.set(user.user.id, (replica = { doc: new Y.Doc(), applied: 0 }));
    for (; replica.applied < this.#stored.length; replica.applied++) Y.applyUpdate(replica.doc, this.#stored[replica.applied]!);
    return replica.doc;
  }

  /** Makes a change in the writer's replica and stores it as a row made at `at`. */
  async edit(user: TestUser, change: (fragment: Y.XmlFragment) => void, at = Date.now()): Promise<void> {
    const doc = this.replica(user);
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array) => updates.push(update);
    doc.on('update', capture);
    doc.transact(() => change(doc.getXmlFragment('default')));
    doc.off('update', capture);
    const { db } = this.server.domain.store;
    for (const data of updates) {
      await db.insertInto('doc_updates').values({ doc_id: this.docId, user_id: user.user.id, data, size: data.byteLength, created_at: at }).execute();
      this.#stored.push(data);
    }
    this.#replicas.get(user.user.id)!.applied = this.#stored.length;
    await db
      .insertInto('doc_client_ids')
      .values({ doc_id: this.docId, client_id: doc.clientID, user_id: user.user.id, created_at: at })
      .onConflict((oc) => oc.columns(['doc_id', 'client_id']).doNothing())
      .execute();
  }

  /** An anchor on the first occurrence of `text` (within one top-level block), as `user`'s editor would make it. */
  anchor(user: TestUser, text: string) {
    return anchorOnText(this.replica(user), text);
  }
}

/** Ends every editing session (as if the gap had passed) and records their events. */
export async function endSessions(server: TestServer, after = Date.now()): Promise<void> {
  await server.domain.editSessions.sweep(after + server.domain.config.history.sessionGapMs + 1);
}

/** A comment anchored on `text` of the team's document, as `user`. */
export async function comment(server: TestServer, team: Team, user: TestUser, body: string, text: string, extra: Record<string, unknown> = {}) {
  const response = await server.api('POST', `/api/docs/${team.docId}/threads`, {
    as: user,
    body: { kind: 'comment', body, anchor: team.writers.anchor(user, text), ...extra },
  });
  if (response.status !== 201) throw new Error(`comment failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.thread as { id: string };
}

/** Opens `GET /api/feed/stream` as `user` and waits for `ready`. */
export function openFeedStream(server: TestServer, user: TestUser | null): Promise<StreamReader<FeedStreamEvent>> {
  return openEventStream<FeedStreamEvent>(server, '/api/feed/stream', user);
}

/** An anchor on the first occurrence of `text` within one top-level block of `doc`, as the editor would make it. */
export function anchorOnText(doc: Y.Doc, text: string) {
  let position = 0;
  for (const child of doc.getXmlFragment('default').toArray()) {
    const blockText = (child as Y.XmlElement)
      .toArray()
      .map((inline) => (inline instanceof Y.XmlText ? inline.toString() : ''))
      .join('');
    const at = blockText.indexOf(text);
    // ProseMirror positions: a block opens (+1), holds its text, and closes (+1).
    if (at >= 0) return anchorFromRange(doc, position + 1 + at, position + 1 + at + text.length);
    position += blockText.length + 2;
  }
  throw new Error(`"${text}" is not in the document`);
}
