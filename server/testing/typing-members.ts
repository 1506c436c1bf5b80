import * as Y from 'yjs';
import { socketUrl, waitFor, type StockClient } from '../sync/test-clients';
import type { TestUser } from './test-server';

/**
 * Members typing into one document through stock clients, for the fault and
 * soak tests. Each types one character at a time at the end of the text,
 * always its own letter, so that what each one wrote can be counted in any
 * copy of the document; and since every keystroke is one Yjs clock tick, a
 * state vector counts characters too.
 */
export interface Typist {
  readonly letter: string;
  /** Characters typed so far. */
  readonly typed: number;
  stop(): void;
}

/** Types `letter` into `doc` every `everyMs` until stopped, connected or not (offline edits are edits). */
export function typeSteadily(doc: Y.Doc, letter: string, everyMs: number): Typist {
  const text = doc.getText('t');
  let typed = 0;
  const timer = setInterval(() => {
    text.insert(text.length, letter);
    typed += 1;
  }, everyMs);
  return {
    letter,
    get typed() {
      return typed;
    },
    stop: () => clearInterval(timer),
  };
}

/** The letter of the `index`th typist: a, b, c... */
export function letterOf(index: number): string {
  return String.fromCharCode(97 + index);
}

/** How many times `letter` occurs in `text`. */
export function countOf(text: string, letter: string): number {
  let count = 0;
  for (const char of text) if (char === letter) count += 1;
  return count;
}

/**
 * Whether `part` can be read in `whole` by skipping characters: when nobody
 * deletes, a later copy of a text holds every character of an earlier one,
 * in order, with others inserted between.
 */
export function isSubsequence(part: string, whole: string): boolean {
  let at = 0;
  for (const char of whole) {
    if (at < part.length && char === part[at]) at += 1;
  }
  return at === part.length;
}

/** Every Yjs client id in `doc` with the number of clock ticks (here, characters) it holds from it. */
export function clocksOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/**
 * Lets a stock client reconnect after the server closes it or goes away, as
 * the app's own client does (test-clients.ts turns reconnecting off, to make
 * a close observable): the stock provider's back-off, capped at
 * `maxBackoffMs`, and its rule that a 4400-4499 close is final.
 */
export function reconnecting(client: StockClient, maxBackoffMs = 500): StockClient {
  client.provider.shouldReconnect = (event) => !(event.code >= 4400 && event.code < 4500);
  client.provider.maxBackoffTime = maxBackoffMs;
  return client;
}

/**
 * Typists on reconnecting clients, and a reviewer watching: a reviewer never
 * writes, so all the watcher holds came through the server, which relays an
 * update only once it is stored (docs/contract.md, the sync socket). Counts what the
 * clients lived through: closes by code, reconnections.
 */
export class TypingTeam {
  readonly members: StockClient[];
  readonly watcher: StockClient;
  readonly typists: Typist[] = [];
  readonly #closes = new Map<number, number>();
  #connections = 0;

  constructor(connect: (member: TestUser) => StockClient, writers: readonly TestUser[], watcher: TestUser) {
    this.members = writers.map((member) => reconnecting(connect(member)));
    this.watcher = reconnecting(connect(watcher));
    for (const { provider } of this.everyone) {
      provider.on('status', ({ status }) => {
        if (status === 'connected') this.#connections += 1;
      });
      provider.on('connection-close', (event) => {
        if (event) this.#closes.set(event.code, (this.#closes.get(event.code) ?? 0) + 1);
      });
    }
  }

  get everyone(): StockClient[] {
    return [...this.members, this.watcher];
  }

  /** Connections opened beyond each client's first. */
  get reconnects(): number {
    return Math.max(0, this.#connections - this.everyone.length);
  }

  closesWith(code: number): number {
    return this.#closes.get(code) ?? 0;
  }

  /** Characters typed so far, by all. */
  get typed(): number {
    return this.typists.reduce((sum, typist) => sum + typist.typed, 0);
  }

  synced(timeoutMs = 30_000): Promise<void> {
    return waitFor('every client to be connected and synced', () => this.everyone.every((c) => c.provider.synced), timeoutMs);
  }

  /** Each member starts typing its letter every `everyMs`; timers started together fire in the same turn, in order. */
  startTyping(everyMs: number): void {
    this.members.forEach((member, i) => this.typists.push(typeSteadily(member.doc, letterOf(i), everyMs)));
  }

  /** Resolves once every member has typed `more` characters from now. */
  typeOn(more: number, timeoutMs = 30_000): Promise<void> {
    const from = this.typists.map((typist) => typist.typed);
    return waitFor(
      `every member to type ${more} more characters`,
      () => this.typists.every((typist, i) => typist.typed >= from[i]! + more),
      timeoutMs,
    );
  }

  /** Stops typing; returns how many characters were typed in all. */
  stopTyping(): number {
    for (const typist of this.typists) typist.stop();
    return this.typed;
  }

  /**
   * Per writer (Yjs client id), the most characters any OTHER client holds
   * of them: those came from the server, so the server had stored them.
   */
  acknowledged(): Map<number, number> {
    const acknowledged = new Map<number, number>();
    for (const client of this.everyone) {
      for (const [writer, clock] of clocksOf(client.doc)) {
        if (writer !== client.doc.clientID) acknowledged.set(writer, Math.max(acknowledged.get(writer) ?? 0, clock));
      }
    }
    return acknowledged;
  }

  /** Points every client at another server (a restart on a new port): its next attempt goes there. */
  moveTo(serverUrl: string): void {
    for (const { provider } of this.everyone) provider.serverUrl = socketUrl(serverUrl);
  }

  /**
   * Waits until `others` and the team hold all `typed` characters, then checks
   * they hold the same text, with each member's letter as often as it typed
   * it; returns that text.
   */
  async converged(typed: number, others: readonly StockClient[] = [], timeoutMs = 30_000): Promise<string> {
    const all = [...this.everyone, ...others];
    await waitFor('everyone to hold everything typed', () => all.every((c) => c.text().length === typed), timeoutMs);
    const text = this.watcher.text();
    const mismatch = all.find((c) => c.text() !== text);
    if (mismatch) throw new Error(`clients differ: ${JSON.stringify(mismatch.text())} vs ${JSON.stringify(text)}`);
    for (const typist of this.typists) {
      const count = countOf(text, typist.letter);
      if (count !== typist.typed) throw new Error(`${typist.letter} typed ${typist.typed} characters; the text holds ${count}`);
    }
    return text;
  }
}

/** The sum of a map's values: characters, when they are clocks. */
export function total(clocks: Map<number, number>): number {
  return [...clocks.values()].reduce((sum, n) => sum + n, 0);
}
