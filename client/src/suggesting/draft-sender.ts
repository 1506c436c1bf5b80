import type { Anchor } from '../../../shared/anchors';
import type { Thread } from '../../../shared/schemas/threads';
import { ApiError } from '../api/api-error';
import { callFeedback } from '../api/feedback-endpoints';
import { DraftBook, type SuggestionDraft } from './draft-book';
import type { ShownDraft } from './suggesting-extension';

/**
 * Sends the writer's suggestion drafts as threads: a draft becomes a thread
 * (`POST .../threads`, kind suggestion) after a pause in typing (or at once
 * on blur and mode switch), later changes to it are sent as changes to that
 * thread (its author may change what it proposes and where), and a draft
 * taken back by undo deletes its thread.
 *
 * Nothing typed is lost: every draft not yet sent as it stands is kept in
 * the browser (localStorage, per document and writer) and sent when the
 * connection is back or the page opens again; anchors are Yjs relative
 * positions, valid whenever they are sent. A draft whose thread someone
 * decided or deleted meanwhile is dropped.
 */

/** The pause after which a draft is sent. */
export const sendPauseMs = 700;

/** How often drafts waiting for the server are tried again. */
const retryMs = 5000;

interface Sent {
  threadId: string;
  replacement: string;
  anchor: Required<Anchor>;
}

interface Stored {
  drafts: SuggestionDraft[];
  sent: Record<string, Sent>;
}

export interface SenderHooks {
  /** The thread as this writer now has it (optimistic), or gone (null), for the list and its highlight. */
  onThread?: (threadId: string, change: ((thread: Thread) => Thread) | null, created?: Thread) => void;
  /** Something could not be sent and will not be: say so. */
  onRefused?: (message: string) => void;
}

const storageKey = (docId: string, userId: string) => `commonplace:suggestion-drafts:${docId}:${userId}`;

function load(key: string): Stored {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? 'null') as Stored | null;
    if (parsed && Array.isArray(parsed.drafts) && parsed.sent && typeof parsed.sent === 'object') return parsed;
  } catch {
    // Unreadable: start afresh.
  }
  return { drafts: [], sent: {} };
}

const sameAnchor = (a: Anchor, b: Anchor) => a.start === b.start && a.end === b.end && a.quote === b.quote;

export class DraftSender {
  readonly book: DraftBook;
  #sent: Map<string, Sent>;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #waiting = false;
  #listeners = new Set<() => void>();
  #stop: () => void;

  constructor(
    private readonly docId: string,
    private readonly userId: string,
    private readonly hooks: SenderHooks = {},
  ) {
    const stored = load(storageKey(docId, userId));
    this.book = new DraftBook(stored.drafts);
    this.#sent = new Map(Object.entries(stored.sent));
    const offBook = this.book.subscribe(() => this.#changed());
    const online = () => void this.flush();
    window.addEventListener('online', online);
    this.#stop = () => {
      offBook();
      window.removeEventListener('online', online);
    };
    if (stored.drafts.length > 0 || this.#sent.size > 0) void this.flush();
  }

  /** Drafts this editor draws itself: those that are not threads yet. */
  shown(): readonly ShownDraft[] {
    return this.book.drafts.filter((draft) => !this.#sent.has(draft.key)).map((draft) => ({ draft, waiting: this.#waiting }));
  }

  /** Whether drafts wait for the connection. */
  get waiting(): boolean {
    return this.#waiting;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#stop();
  }

  /**
   * Drops the drafts whose thread is decided (accepted or rejected by
   * someone): typing there starts a new suggestion instead of changing a
   * decided one, which the server would refuse.
   */
  settle(decided: (threadId: string) => boolean): void {
    const done = new Set<string>();
    for (const draft of this.book.drafts) {
      const sent = this.#sent.get(draft.key);
      if (sent && decided(sent.threadId)) done.add(draft.key);
    }
    if (done.size === 0) return;
    for (const key of done) this.#sent.delete(key);
    this.book.forget(done);
  }

  /** Sends everything now (blur, mode switch, reconnect). Resolves when nothing is left to send or it cannot be. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#sendAll();
      } while (this.#again && !this.#waiting);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  #changed(): void {
    this.#save();
    // Threads already made show the writer's change at once; the request follows.
    for (const draft of this.book.drafts) {
      const sent = this.#sent.get(draft.key);
      if (sent) this.hooks.onThread?.(sent.threadId, (thread) => ({ ...thread, replacement: draft.replacement, anchor: { ...thread.anchor, ...draft.anchor } }));
    }
    const kept = new Set(this.book.drafts.map((draft) => draft.key));
    for (const [key, sent] of this.#sent) if (!kept.has(key)) this.hooks.onThread?.(sent.threadId, null);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), sendPauseMs);
    this.#emit();
  }

  async #sendAll(): Promise<void> {
    const drafts = this.book.drafts;
    const kept = new Set(drafts.map((draft) => draft.key));
    const dropped = new Set<string>();
    try {
      for (const [key, sent] of [...this.#sent]) {
        if (kept.has(key)) continue;
        await this.#ignoringGone(() => callFeedback('DELETE /api/threads/:threadId', { params: { threadId: sent.threadId } }));
        this.#sent.delete(key);
      }
      for (const draft of drafts) {
        const sent = this.#sent.get(draft.key);
        if (!sent) {
          const { thread } = await callFeedback('POST /api/docs/:docId/threads', {
            params: { docId: this.docId },
            body: { kind: 'suggestion', replacement: draft.replacement, anchor: draft.anchor },
          });
          this.#sent.set(draft.key, { threadId: thread.id, replacement: draft.replacement, anchor: draft.anchor });
          this.hooks.onThread?.(thread.id, (t) => t, thread);
        } else if (sent.replacement !== draft.replacement || !sameAnchor(sent.anchor, draft.anchor)) {
          const body = {
            ...(sent.replacement !== draft.replacement ? { replacement: draft.replacement } : {}),
            ...(!sameAnchor(sent.anchor, draft.anchor) ? { anchor: draft.anchor } : {}),
          };
          const gone = await this.#ignoringGone(() => callFeedback('PATCH /api/threads/:threadId', { params: { threadId: sent.threadId }, body }));
          if (gone) dropped.add(draft.key);
          else this.#sent.set(draft.key, { threadId: sent.threadId, replacement: draft.replacement, anchor: draft.anchor });
        }
      }
      this.#setWaiting(false);
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) this.#setWaiting(true);
      else this.hooks.onRefused?.(err instanceof Error ? err.message : 'A suggestion could not be sent.');
    } finally {
      if (dropped.size > 0) {
        for (const key of dropped) this.#sent.delete(key);
        this.book.forget(dropped);
      }
      this.#save();
      this.#emit();
    }
  }

  /** Runs a request; a 404 or 409 (the thread is gone or decided) is not an error here: returns true then. */
  async #ignoringGone(request: () => Promise<unknown>): Promise<boolean> {
    try {
      await request();
      return false;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 409)) return true;
      throw err;
    }
  }

  #setWaiting(waiting: boolean): void {
    // Offline without an 'online' event to come (the server, not the network, is away): try again now and then.
    if (waiting && !this.#timer) this.#timer = setTimeout(() => void this.flush(), retryMs);
    if (this.#waiting === waiting) return;
    this.#waiting = waiting;
    this.#emit();
  }

  /** Keeps what is not yet sent as it stands (drafts sent unchanged need nothing kept). */
  #save(): void {
    const key = storageKey(this.docId, this.userId);
    const pending = this.book.drafts.filter((draft) => {
      const sent = this.#sent.get(draft.key);
      return !sent || sent.replacement !== draft.replacement || !sameAnchor(sent.anchor, draft.anchor);
    });
    const kept = new Set(this.book.drafts.map((draft) => draft.key));
    const sent: Record<string, Sent> = {};
    for (const [draftKey, value] of this.#sent) {
      if (!kept.has(draftKey) || pending.some((draft) => draft.key === draftKey)) sent[draftKey] = value;
    }
    try {
      if (pending.length === 0 && Object.keys(sent).length === 0) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify({ drafts: pending, sent } satisfies Stored));
    } catch {
      // Storage full or refused: the drafts still live in this page.
    }
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
