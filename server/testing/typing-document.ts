import { afterAll, beforeAll } from 'vitest';
import { stockClientPool } from '../sync/test-clients';
import { seedDocument, type SeededDocument } from './seeded-document';
import type { TestUser } from './test-server';
import { letterOf, TypingTeam } from './typing-members';

/**
 * The set-up the fault and soak tests share: one document with
 * `typistCount` members who type and a reviewer who watches (reading, never
 * writing, so everything it holds came through the server), seeded before
 * the file's tests and removed after them, with the file's pool of clients.
 */
export function typingDocument(typistCount: number) {
  const pool = stockClientPool();
  let seeded: SeededDocument | null = null;

  beforeAll(async () => {
    seeded = await seedDocument([
      ...Array.from({ length: typistCount }, (_, i) => ({ name: `Typist ${letterOf(i)}`, role: 'member' as const })),
      { name: 'Observer', role: 'reviewer' },
    ]);
  });

  afterAll(async () => {
    pool.destroyAll();
    await seeded?.remove();
  });

  const fixture = {
    pool,
    get seeded(): SeededDocument {
      if (!seeded) throw new Error('the typing document is seeded in beforeAll');
      return seeded;
    },
    get typists(): TestUser[] {
      return fixture.seeded.members.slice(0, typistCount);
    },
    get observer(): TestUser {
      return fixture.seeded.members[typistCount]!;
    },
    /** The typists and the observer, connected to the server at `serverUrl`. */
    team(serverUrl: string): TypingTeam {
      return new TypingTeam((member) => pool.connect(serverUrl, fixture.seeded.docId, member), fixture.typists, fixture.observer);
    },
  };
  return fixture;
}
