import { beforeAll, describe, expect, it } from 'vitest';
import { reportFigures } from '../testing/figures';
import { killed } from '../testing/seeded-document';
import { typingDocument } from '../testing/typing-document';
import { clocksOf, isSubsequence, total } from '../testing/typing-members';
import { waitFor } from './test-clients';

/**
 * A fault: SIGKILL of the server while 20 members type. The server relays an
 * update only once it is committed (the sync contract), so
 * whatever any client received from another was stored: after a restart on
 * the same database, every such character must be there before anyone
 * resends anything. Then the members (who kept typing offline) reconnect,
 * resend what was not stored, type on, and everyone, a newcomer included,
 * converges on everything typed.
 */
const typistCount = 20;
/** One keystroke per member every this many ms: 20 members make about 330 updates a second. */
const everyMs = 60;
/**
 * Once the observer has seen this many characters, the kill comes right
 * after the next round of keystrokes has left the members: those are in
 * flight, maybe stored, never acknowledged.
 */
const killAfterSeen = 600;
/** Each member types at least this many characters once back on the restarted server. */
const typedAfterRestart = 25;

const typing = typingDocument(typistCount);
const { pool } = typing;

beforeAll(() => {
  // Each stock provider listens for the process's exit: 20 of them are not a leak.
  process.setMaxListeners(typistCount + 10);
});

/** Documents stay loaded, so the kill catches the document in memory with writes in flight. */
const serverEnv = { DOC_UNLOAD_DELAY_MS: '600000' };

describe('SIGKILL while 20 members type', () => {
  it('keeps every character any client saw, and converges on everything typed after the restart', async () => {
    const { seeded } = typing;
    const { docId } = seeded;
    const first = await seeded.serve(serverEnv);
    const team = typing.team(first.url);
    await team.synced();
    team.startTyping(everyMs);

    // The members' timers fire in the same turn, in order: the last member's
    // keystroke ends a round. Its provider has sent it before this listener
    // runs, so the kill comes with a round of keystrokes in flight.
    let typedBeforeKill = 0;
    const last = team.members.at(-1)!;
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      const check = (_update: Uint8Array, origin: unknown) => {
        if (origin === last.provider || team.watcher.text().length < killAfterSeen) return;
        last.doc.off('update', check);
        typedBeforeKill = team.typed;
        resolve(killed(first));
      };
      last.doc.on('update', check);
    });
    expect(signal).toBe('SIGKILL');

    // Whatever a client received before its socket closed, the server sent
    // before it died, and so had stored.
    await waitFor('every client to lose its connection', () => team.everyone.every((c) => !c.provider.wsconnected), 10_000);
    const acknowledged = team.acknowledged();
    const observerSaw = team.watcher.text();

    // Restarted on the same database: before anyone resends, the stored document holds all of it.
    const second = await seeded.serve(serverEnv);
    const fresh = pool.connect(second.url, docId, typing.observer);
    await fresh.synced;
    const recovered = clocksOf(fresh.doc);
    for (const [writer, clock] of acknowledged) expect(recovered.get(writer) ?? 0).toBeGreaterThanOrEqual(clock);
    expect(isSubsequence(observerSaw, fresh.text())).toBe(true);
    const recoveredCount = fresh.text().length;

    // The members come back (having typed on offline), resend what was not stored, and type on.
    team.moveTo(second.url);
    await team.synced();
    await team.typeOn(typedAfterRestart);
    const typed = team.stopTyping();

    const stoppedAt = performance.now();
    const newcomer = pool.connect(second.url, docId, typing.observer);
    const final = await team.converged(typed, [fresh, newcomer]);
    const convergeMs = performance.now() - stoppedAt;
    expect(isSubsequence(observerSaw, final)).toBe(true);
    expect((await seeded.stored()).getText('t').toString()).toBe(final);

    reportFigures('kill-while-typing', {
      members: typistCount,
      charactersTyped: typed,
      typedBeforeKill,
      acknowledgedBeforeKill: total(acknowledged),
      observerSawBeforeKill: observerSaw.length,
      recoveredAfterRestart: recoveredCount,
      typedBeforeKillNotStored: typedBeforeKill - recoveredCount,
      convergeMs: Math.round(convergeMs),
    });
  });
});
