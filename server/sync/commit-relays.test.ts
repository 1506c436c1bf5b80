import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommitRelays } from './commit-relays';
import type { Connection } from './connection';
import { decodeClientMessage } from './protocol';

/** A connection as the relays see it: somewhere to send; it keeps what it was sent. */
function listener(): Connection & { received: Uint8Array[] } {
  const received: Uint8Array[] = [];
  return { received, send: (message: Uint8Array) => void received.push(message) } as unknown as Connection & { received: Uint8Array[] };
}

/** One writer's words, each typed as an update of its own. */
function typed(...words: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word);
  return updates;
}

/** The text a connection's messages carry, applied in order to a fresh document. */
function textOf(messages: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const message of messages) {
    const decoded = decodeClientMessage(message);
    if (decoded.kind !== 'update') throw new Error(`not an update: ${decoded.kind}`);
    Y.applyUpdate(doc, decoded.update);
  }
  return doc.getText('t').toString();
}

const settled = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('commit relays', () => {
  it('sends each connection, in one message per commit, what the others wrote', async () => {
    const [ana, ben, reader] = [listener(), listener(), listener()];
    const relays = new CommitRelays(new Set([ana, ben, reader]), () => {});
    const [anaFirst, anaSecond] = typed('Ana ', 'wrote');
    const [benFirst] = typed('Ben');
    relays.add([{ data: anaFirst!, relay: true }], ana);
    relays.add([{ data: anaSecond!, relay: true }], ana);
    relays.add([{ data: benFirst!, relay: true }], ben);
    await settled();

    expect(reader.received).toHaveLength(1);
    expect(textOf(reader.received)).toMatch(/^(Ana wroteBen|BenAna wrote)$/);
    expect(textOf(ana.received)).toBe('Ben');
    expect(textOf(ben.received)).toBe('Ana wrote');
  });

  it('sends a writer alone in the room nothing, and hands the other instances every row, those only stored too', async () => {
    const ana = listener();
    const published: Uint8Array[] = [];
    const relays = new CommitRelays(new Set([ana]), (update) => published.push(update));
    const [first, pending] = typed('alone', ' at night');
    relays.add([{ data: first!, relay: true }], ana);
    relays.add([{ data: pending!, relay: false }], null);
    await settled();

    expect(ana.received).toEqual([]);
    expect(published).toEqual([first, pending]);
  });
});
