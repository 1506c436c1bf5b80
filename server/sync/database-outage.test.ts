import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closeCodes } from '../../shared/close-codes';
import { reportFigures } from '../testing/figures';
import { typingDocument } from '../testing/typing-document';
import { testDatabaseUrl } from '../testing/test-database';
import { clocksOf, isSubsequence, total, type TypingTeam } from '../testing/typing-members';
import { waitFor } from './test-clients';

/**
 * A fault: the database busy or briefly unavailable while members
 * type. The server may not acknowledge (relay, or answer a sync step 1 with)
 * anything it has not stored; when a commit fails it closes the document's
 * clients with storageFailed, they reconnect and resend what they hold, and
 * in the end every edit is stored and everyone converges.
 *
 * SQLite: another connection holds the write lock (BEGIN EXCLUSIVE) longer
 * than the server's writes wait for it (5 s, without blocking the event
 * loop: db/sqlite-driver.ts); or for a while shorter than that, when
 * everything else must go on. PostgreSQL: the server's backends are
 * terminated under it, over and over (restarting the shared cluster from a
 * test is not safe; to the server a terminated backend looks the same as a
 * restarted one).
 */
const typistCount = 3;
const everyMs = 40;
/** Each member types at least this many characters once the database is back. */
const typedAfterOutage = 15;

type TypingFixture = ReturnType<typeof typingDocument>;

/** A server process with the members typing and a reviewer watching. */
async function typingTeam(typing: TypingFixture) {
  const server = await typing.seeded.serve({ DOC_UNLOAD_DELAY_MS: '600000' });
  const team = typing.team(server.url);
  await team.synced();
  team.startTyping(everyMs);
  await waitFor('the first edits to go through', () => team.watcher.text().length >= 30, 10_000);
  return { server, team };
}

/**
 * Once the database is back: the members type on, stop, and everyone (a
 * newcomer too) converges on everything typed, which is what the database
 * holds.
 */
async function recovered(typing: TypingFixture, team: TypingTeam, serverUrl: string): Promise<string> {
  await team.synced();
  await team.typeOn(typedAfterOutage);
  const typed = team.stopTyping();
  const final = await team.converged(typed, [typing.pool.connect(serverUrl, typing.seeded.docId, typing.observer)]);
  expect((await typing.seeded.stored()).getText('t').toString()).toBe(final);
  return final;
}

describe('the database busy or unavailable', () => {
  // Each outage on a document of its own: what one test typed is not in the next one's count.
  const typing = typingDocument(typistCount);
  it.skipIf(testDatabaseUrl())('SQLite locked past busy_timeout: nothing is acknowledged meanwhile; clients resend and nothing is lost', async () => {
    const { server, team } = await typingTeam(typing);

    const lock = new SQLite(typing.seeded.sqliteFile!);
    lock.pragma('busy_timeout = 10000');
    lock.exec('BEGIN EXCLUSIVE');
    const lockedAt = performance.now();
    // Nothing can commit from here on: what is stored now is all anyone may see until the lock goes.
    const storedAtLock = clocksOf(await typing.seeded.stored());
    const observerAtLock = team.watcher.text();
    const acknowledgedAtLock = team.acknowledged();
    let beyondStored: string | null = null;
    const check = () => {
      for (const [writer, clock] of team.acknowledged()) {
        if (clock > (storedAtLock.get(writer) ?? 0)) beyondStored ??= `writer ${writer}: ${clock} > ${storedAtLock.get(writer) ?? 0}`;
      }
    };
    for (const client of team.everyone) client.doc.on('update', check);

    // The server waits 5 s for the lock (asynchronously), gives up, closes the
    // document's clients with storageFailed; they reconnect and resend, and it waits again.
    await waitFor(
      'a commit to fail and its clients to come back',
      () => team.closesWith(closeCodes.storageFailed) >= 1 && team.reconnects >= 1,
      30_000,
    );
    check();
    for (const client of team.everyone) client.doc.off('update', check);
    const typedWhileLocked = team.typed;
    lock.exec('ROLLBACK');
    lock.close();
    const lockHeldMs = performance.now() - lockedAt;
    expect(beyondStored).toBeNull();

    const final = await recovered(typing, team, server.url);
    expect(isSubsequence(observerAtLock, final)).toBe(true);
    const finalClocks = clocksOf(await typing.seeded.stored());
    for (const [writer, clock] of acknowledgedAtLock) expect(finalClocks.get(writer) ?? 0).toBeGreaterThanOrEqual(clock);

    reportFigures('database-outage', {
      outage: 'SQLite write lock held past busy_timeout (5 s)',
      lockHeldSeconds: Math.round(lockHeldMs / 100) / 10,
      acknowledgedBeforeLock: total(acknowledgedAtLock),
      typedBeforeRelease: typedWhileLocked,
      editsSent: team.typed,
      editsStored: final.length,
      storageFailedCloses: team.closesWith(closeCodes.storageFailed),
      reconnects: team.reconnects,
    });
  }, 60_000);

  it.runIf(testDatabaseUrl())("PostgreSQL backends terminated under the server: it recovers, clients resend, nothing acknowledged is lost", async () => {
    const { server, team } = await typingTeam(typing);
    const admin = new pg.Client({ connectionString: typing.seeded.databaseUrl });
    await admin.connect();

    const rounds = 5;
    const seenBefore: string[] = [];
    let backendsTerminated = 0;
    try {
      for (let round = 0; round < rounds; round++) {
        // Each round starts once edits flow again: the server recovered from the last one.
        const target = team.watcher.text().length + 30;
        await waitFor(
          'edits to go through again',
          () => {
            // An unheard 'error' event of a terminated connection would have ended the process.
            if (server.child.exitCode !== null) throw new Error(`the server process exited (${server.child.exitCode})`);
            return team.watcher.text().length >= target;
          },
          30_000,
        );
        seenBefore.push(team.watcher.text());
        // The server's own connections only: an autovacuum worker busy in this
        // database at that moment is a superuser process, and terminating it
        // is refused ("must be a superuser"), which would fail the round.
        const result = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and backend_type = 'client backend' and usename = current_user`,
        );
        backendsTerminated += result.rowCount ?? 0;
      }
    } finally {
      await admin.end();
    }
    const acknowledged = team.acknowledged();

    const final = await recovered(typing, team, server.url);
    for (const seen of seenBefore) expect(isSubsequence(seen, final)).toBe(true);
    const finalClocks = clocksOf(await typing.seeded.stored());
    for (const [writer, clock] of acknowledged) expect(finalClocks.get(writer) ?? 0).toBeGreaterThanOrEqual(clock);

    reportFigures('database-outage', {
      outage: 'PostgreSQL backends of the server terminated, 5 times',
      backendsTerminated,
      editsSent: team.typed,
      editsStored: final.length,
      storageFailedCloses: team.closesWith(closeCodes.storageFailed),
      reconnects: team.reconnects,
    });
  });
});

describe('the database locked for a while', () => {
  const typing = typingDocument(typistCount);

  it.skipIf(testDatabaseUrl())('SQLite locked by another process for a while: reads and live relays go on, and the waiting writes land once it is free', async () => {
    const { server, team } = await typingTeam(typing);
    const [reader] = typing.typists;
    const acknowledgedAtLock = team.acknowledged();

    const lock = new SQLite(typing.seeded.sqliteFile!);
    lock.exec('BEGIN EXCLUSIVE');
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      lock.exec('ROLLBACK');
      lock.close();
    };
    // Released at the latest before the server's writes would give up (5 s): this is a wait, not an outage.
    const releaseAnyway = setTimeout(release, 4000);
    try {
      // Keystrokes reach the server after the lock was taken: its group commit is waiting for it now.
      await team.typeOn(2);

      // A page read answers while the lock is still held.
      const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: reader!.cookie } });
      expect(me.status).toBe(200);
      const readWhileLocked = held;

      // A live relay too: a member's cursor reaches the watcher.
      const mover = team.members[1]!;
      mover.provider.awareness.setLocalStateField('cursor', { at: 'while locked' });
      await waitFor('the cursor to reach the watcher', () => {
        const state = team.watcher.provider.awareness.getStates().get(mover.doc.clientID) as { cursor?: { at?: string } } | undefined;
        return state?.cursor?.at === 'while locked';
      }, 10_000);
      const relayedWhileLocked = held;

      expect({ readWhileLocked, relayedWhileLocked }).toEqual({ readWhileLocked: true, relayedWhileLocked: true });
    } finally {
      clearTimeout(releaseAnyway);
      release();
    }

    // The writes that waited land: nobody was closed, nothing acknowledged is lost, all converge.
    const final = await recovered(typing, team, server.url);
    expect(team.closesWith(closeCodes.storageFailed)).toBe(0);
    const finalClocks = clocksOf(await typing.seeded.stored());
    for (const [writer, clock] of acknowledgedAtLock) expect(finalClocks.get(writer) ?? 0).toBeGreaterThanOrEqual(clock);
    expect(final.length).toBe(team.typed);
  }, 90_000);

});
