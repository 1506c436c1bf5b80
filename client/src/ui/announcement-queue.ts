/**
 * What the screen reader is told of live changes, and how often. A polite
 * live region interrupts nobody, but a region that speaks on every event
 * floods its listener: five comments in a second, or a status flapping,
 * would be read out one by one while they try to write. So announcements
 * are spoken at most once per `gapMs` (2 s); what arrives in between waits
 * and is said together: feedback as counts ("3 new comments"), a status
 * (sync, connection) as its latest word only, and not at all when it ends
 * where the last spoken word left it.
 */

/** The kinds of feedback a document's threads announce. */
export type FeedbackWhat = 'comment' | 'annotation' | 'suggestion' | 'reply';

export type Announcement =
  /** Someone else's new feedback: counted with the rest that arrives together. */
  | { kind: 'feedback'; what: FeedbackWhat; from: string }
  /** A state in words (e.g. topic "sync": "Offline"): only the latest of each topic is said. */
  | { kind: 'status'; topic: string; message: string };

export interface AnnouncerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: AnnouncerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const plural: Record<FeedbackWhat, string> = { comment: 'comments', annotation: 'annotations', suggestion: 'suggestions', reply: 'replies' };
const order: FeedbackWhat[] = ['comment', 'suggestion', 'annotation', 'reply'];

/** "a, b and c". */
function listed(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * The words for announcements that arrived together: statuses first (the
 * latest of each topic), then feedback, one item by its author ("New reply
 * from Ana"), several as counts per kind ("2 new comments and 1 new reply"),
 * naming the author when it was one person. Empty when there is nothing to say.
 */
export function coalesce(announcements: readonly Announcement[]): string {
  const statuses = new Map<string, string>();
  const feedback: { what: FeedbackWhat; from: string }[] = [];
  for (const announcement of announcements) {
    if (announcement.kind === 'status') {
      statuses.delete(announcement.topic);
      statuses.set(announcement.topic, announcement.message);
    } else feedback.push(announcement);
  }
  const sentences = [...statuses.values()];
  if (feedback.length === 1) {
    sentences.push(`New ${feedback[0]!.what} from ${feedback[0]!.from}`);
  } else if (feedback.length > 1) {
    const counts = order
      .map((what) => [what, feedback.filter((item) => item.what === what).length] as const)
      .filter(([, count]) => count > 0)
      .map(([what, count]) => `${count} new ${count === 1 ? what : plural[what]}`);
    const authors = new Set(feedback.map((item) => item.from));
    sentences.push(`${listed(counts)}${authors.size === 1 ? ` from ${feedback[0]!.from}` : ''}`);
  }
  return sentences.map((sentence) => sentence.replace(/\.$/, '')).join('. ');
}

/**
 * Speaks announcements through `speak`, at most one message per `gapMs`,
 * coalescing what waits (see coalesce). The clock is injectable for tests.
 */
export class AnnouncementQueue {
  #pending: Announcement[] = [];
  #lastSpokenAt = -Infinity;
  #timer: unknown = null;
  /** The last word spoken per status topic: the same word again is not news. */
  readonly #spokenStatus = new Map<string, string>();

  constructor(
    private readonly speak: (message: string) => void,
    private readonly clock: AnnouncerClock = browserClock,
    private readonly gapMs = 2000,
  ) {}

  announce(announcement: Announcement): void {
    this.#pending.push(announcement);
    if (this.#timer !== null) return;
    const wait = this.#lastSpokenAt + this.gapMs - this.clock.now();
    if (wait <= 0) this.#flush();
    else this.#timer = this.clock.setTimeout(() => this.#flush(), wait);
  }

  /** Drops what waits (the page that announced it is going away). */
  stop(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = [];
  }

  #flush(): void {
    this.#timer = null;
    // A status that ends where it was last spoken ("Offline", then back to "Saved" within the gap) says nothing new.
    const latest = new Map<string, string>();
    for (const item of this.#pending) if (item.kind === 'status') latest.set(item.topic, item.message);
    const news = this.#pending.filter((item) => item.kind !== 'status' || (latest.get(item.topic) === item.message && this.#spokenStatus.get(item.topic) !== item.message));
    this.#pending = [];
    const message = coalesce(news);
    if (message === '') return;
    for (const item of news) if (item.kind === 'status') this.#spokenStatus.set(item.topic, item.message);
    this.#lastSpokenAt = this.clock.now();
    this.speak(message);
  }
}
