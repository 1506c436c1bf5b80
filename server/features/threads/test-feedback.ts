import { expect } from 'vitest';
import * as Y from 'yjs';
import { type Anchor, anchorFromRange } from '../../../shared/anchors';
import type { Role } from '../../../shared/permissions';
import type { Reply, Thread, ThreadStreamEvent } from '../../../shared/schemas/threads';
import { createTestDoc, type TestServer, type TestUser } from '../../testing/test-server';

/**
 * Fixtures for the feedback tests: real anchors made by shared/anchors.ts
 * over a Tiptap-shaped document, a group with one user per role, and a
 * reader of the live stream that speaks Server-Sent Events over fetch.
 */

const sentence = 'The quick brown fox jumps over the lazy dog.';

/**
 * The test sentence as a one-paragraph document, always written under the
 * same Yjs client id, so that every copy holds the same items: an anchor made
 * on one resolves on any document the sentence was written into.
 */
function sentenceDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(sentence)]);
  doc.getXmlFragment('default').insert(0, [paragraph]);
  return doc;
}

/** An anchor on `words` of the test sentence, as the editor would make it. */
export function anchorOn(words = 'brown fox'): Required<Anchor> {
  const doc = sentenceDoc();
  const at = sentence.indexOf(words);
  if (at < 0) throw new Error(`"${words}" is not in the test sentence`);
  // Position 1 is the start of the paragraph's text.
  const anchor = anchorFromRange(doc, 1 + at, 1 + at + words.length);
  doc.destroy();
  return anchor;
}

export interface FeedbackGroup {
  groupId: string;
  docId: string;
  instructor: TestUser;
  member: TestUser;
  /** A second member, for "someone else's" thread. */
  peer: TestUser;
  reviewer: TestUser;
  outsider: TestUser;
}

/**
 * A group with one user per role and a document. With `sentence`, the
 * document holds the test sentence (written by the instructor), so that
 * anchorOn's anchors point at its text: accepting a suggestion needs its text
 * in place.
 */
export async function feedbackGroup(server: TestServer, options: { sentence?: boolean } = {}): Promise<FeedbackGroup> {
  const [instructor, member, peer, reviewer, outsider] = await Promise.all(
    ['Ines Instructor', 'Mia Member', 'Pat Peer', 'Rey Reviewer', 'Otto Outsider'].map((name) => server.createUser(name)),
  );
  const roles: [TestUser, Role][] = [
    [instructor!, 'instructor'],
    [member!, 'member'],
    [peer!, 'member'],
    [reviewer!, 'reviewer'],
  ];
  const { groupId, docId } = await createTestDoc(server, roles.map(([user, role]) => ({ member: user, role })));
  if (options.sentence) {
    const doc = sentenceDoc();
    await server.domain.sync.applyUpdateAs(docId, instructor!.user.id, Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }
  return { groupId, docId, instructor: instructor!, member: member!, peer: peer!, reviewer: reviewer!, outsider: outsider! };
}

/**
 * A reply as anyone who may see it is sent it, whatever they may do with it:
 * to compare what one reader got with what another was answered (`can`
 * differs between readers; tests of `can` check it on its own).
 */
export function replyForAnyReader(reply: Reply) {
  return { ...reply, can: expect.any(Object) as unknown };
}

/** A thread, and its replies, as anyone who may see it is sent it (see replyForAnyReader). */
export function threadForAnyReader(thread: Thread) {
  return { ...thread, can: expect.any(Object) as unknown, replies: thread.replies.map(replyForAnyReader) };
}

/** A comment on the test sentence, with overrides. */
export function commentBody(overrides: Record<string, unknown> = {}) {
  return { kind: 'comment', body: 'A comment.', anchor: anchorOn(), ...overrides };
}

export interface StreamReader<E = ThreadStreamEvent> {
  status: number;
  /** Every event received so far, in order. */
  events: E[];
  /** Comment lines (heartbeats) received so far. */
  comments: number;
  /** The first event after those already taken by `next` that matches, within `timeoutMs`. */
  next(what: string, matches?: (event: E) => boolean, timeoutMs?: number): Promise<E>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET /api/docs/:docId/threads/stream` as `user` and waits for its `ready` event. */
export function openStream(server: TestServer, docId: string, user: TestUser | null): Promise<StreamReader> {
  return openEventStream<ThreadStreamEvent>(server, `/api/docs/${docId}/threads/stream`, user);
}

/** Opens a Server-Sent Events stream of the API as `user` and waits for its `ready` event. */
export async function openEventStream<E extends { type: string }>(server: TestServer, path: string, user: TestUser | null): Promise<StreamReader<E>> {
  const abort = new AbortController();
  const response = await fetch(`${server.url}${path}`, {
    headers: user ? { cookie: user.cookie, accept: 'text/event-stream' } : {},
    signal: abort.signal,
  });
  const events: E[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((wake) => wake());
  const reader: StreamReader<E> = {
    status: response.status,
    events,
    comments: 0,
    ended: Promise.resolve(),
    close: () => abort.abort(),
    next: (what, matches = () => true, timeoutMs = 1000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          while (taken < events.length) {
            const event = events[taken++]!;
            if (matches(event)) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve(event);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No stream event within ${timeoutMs} ms: ${what}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return reader;
  }
  const text = response.body.pipeThrough(new TextDecoderStream()).getReader();
  reader.ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await text.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice('data: '.length));
          if (data.length) events.push(JSON.parse(data.join('\n')));
          else if (block.startsWith(':')) reader.comments += 1;
          notify();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await reader.next('ready', (event) => event.type === 'ready', 5000);
  return reader;
}
