import { afterAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../shared/close-codes';
import { openEventStream, type StreamReader } from '../features/threads/test-feedback';
import { spawnServerProcess, type ServerProcess } from '../testing/server-process';
import { connectToInstances, type InstanceClient } from '../testing/server-process-clients';
import { dropTestDatabase } from '../testing/test-database';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { clocksOf } from '../testing/typing-members';
import { connectRawClient, waitFor } from './test-clients';

/**
 * Chaos: three instances on one PostgreSQL database and one Redis, one of
 * them killed (SIGKILL) and restarted every few seconds, while 50 stock
 * y-websocket clients spread over them type, each moving to a live instance
 * when its own dies. Midway a member is removed. Afterwards:
 * - nothing acknowledged is lost: every edit a client had sent before a sync
 *   step 1 that the server answered (server-process-clients.ts) is in the
 *   final document;
 * - every client and every instance holds the same document;
 * - the removed member's sockets closed with accessRevoked on every
 *   instance, their streams ended, and no instance lets them back in.
 * Its figures go to stdout in one line (CHAOS ...) for the README's
 * reliability table. Runs when TEST_DATABASE_URL (postgres://) and
 * TEST_REDIS_URL are set, for CHAOS_SECONDS (how long the clients type:
 * two minutes unless told; 0 skips it). Also counted: closes of honest
 * clients as forgers of a client id (4409), which must not happen: every
 * reconnection resends what a client received from an instance that may
 * have died before the others heard of it.
 */
const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';
const seconds = Number(process.env.CHAOS_SECONDS ?? 120);
const clientCount = 50;
/** Each client types one character this often. */
const typeEveryMs = 500;
/** From one restart to the next kill. */
const killEveryMs = 3000;
/** Clients ask the server to acknowledge what they sent this often (a sync step 1). */
const resyncMs = 2000;

describe.skipIf(!/^postgres(ql)?:\/\//.test(databaseUrl) || !redisUrl || !(seconds > 0))('chaos: three instances, one killed every few seconds, 50 clients typing', () => {
  let sharedUrl = '';
  const slots: ServerProcess[] = [];
  const clients: InstanceClient[] = [];
  const streams: StreamReader<{ type: string; reason?: string }>[] = [];

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const stream of streams) stream.close();
    for (const { child } of slots) if (alive(child)) child.kill('SIGKILL');
    if (sharedUrl) await dropTestDatabase(sharedUrl);
  });

  it(
    'loses nothing acknowledged, converges everywhere, and leaves a removed member no access on any instance',
    async () => {
      process.setMaxListeners(clientCount * 2 + 20);
      const seed = await startTestServer();
      sharedUrl = seed.databaseUrl;
      const owner = await seed.createUser('Owner');
      const removed = await seed.createUser('Removed');
      const typists = await Promise.all(Array.from({ length: clientCount / 2 - 1 }, (_, i) => seed.createUser(`Typist ${i}`)));
      const { docId, groupId } = await createTestDoc(seed, [
        { member: owner, role: 'instructor' },
        { member: removed, role: 'member' },
        ...typists.map((member) => ({ member, role: 'member' as const })),
      ]);
      await seed.stop();
      const spawn = () => spawnServerProcess({ DATABASE_URL: sharedUrl, REDIS_URL: redisUrl, DOC_UNLOAD_DELAY_MS: '600000', CATCH_UP_MS: '1000' });
      for (let i = 0; i < 3; i++) slots.push(await spawn());
      let next = 0;
      const live = () => {
        for (let tries = 0; tries < slots.length; tries++) {
          const slot = slots[next++ % slots.length]!;
          if (alive(slot.child)) return slot;
        }
        return slots[0]!;
      };

      // Two clients per member, the removed one included.
      const writers: { member: TestUser; client: InstanceClient }[] = [];
      for (const member of [removed, ...typists]) {
        for (let i = 0; i < 2; i++) {
          const client = connectToInstances(docId, member.cookie, live, { resyncMs, maxBackoffMs: 1000 });
          clients.push(client);
          writers.push({ member, client });
        }
      }
      await waitFor('every client to sync', () => clients.every((c) => c.provider.synced), 60_000);

      let edits = 0;
      const typing = writers.map(({ client }, i) => {
        const text = client.doc.getText('t');
        const start = setTimeout(() => {
          timer.ref = setInterval(() => {
            text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
            edits += 1;
          }, typeEveryMs);
        }, Math.random() * typeEveryMs);
        const timer: { ref?: NodeJS.Timeout } = {};
        return () => {
          clearTimeout(start);
          clearInterval(timer.ref);
        };
      });

      // One instance killed and restarted after another, until the end; paused (between cycles) while `hold` is set.
      const started = Date.now();
      const deadline = started + seconds * 1000;
      let kills = 0;
      let hold: Promise<void> | null = null;
      // Set while the killer waits on `hold`: only then are all three instances
      // listening. A slot's process can look alive between its SIGKILL and its exit.
      let parked = false;
      const killer = (async () => {
        while (Date.now() < deadline) {
          await until(Math.min(deadline, Date.now() + killEveryMs));
          if (hold) {
            parked = true;
            await hold;
            parked = false;
          }
          if (Date.now() >= deadline) break;
          const at = Math.floor(Math.random() * slots.length);
          const victim = slots[at]!;
          const exited = new Promise((resolve) => victim.child.once('exit', resolve));
          victim.child.kill('SIGKILL');
          await exited;
          kills += 1;
          slots[at] = await spawn();
        }
      })();

      // Midway, with every instance up, the removed member loses access.
      await until(started + (seconds * 1000) / 2);
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      await waitFor('the killer to pause with three instances up', () => parked, 120_000);
      const theirs = writers.filter((w) => w.member === removed).map((w) => w.client);
      const pinned = slots.map((slot) => connectToInstances(docId, removed.cookie, () => slot));
      clients.push(...pinned);
      const theirStreams = await Promise.all(
        slots.map((slot) => openEventStream<{ type: string; reason?: string }>({ url: slot.url } as TestServer, `/api/docs/${docId}/threads/stream`, removed)),
      );
      streams.push(...theirStreams);
      await waitFor('the removed member to be connected everywhere', () => [...theirs, ...pinned].every((c) => c.provider.synced), 30_000).catch(
        (err: Error) => {
          const waiting = standing([...theirs, ...pinned].filter((c) => !c.provider.synced));
          throw new Error(`${err.message}; not synced ${JSON.stringify(waiting)}; instances ${JSON.stringify(instancesUp(slots))}`);
        },
      );
      const removal = await fetch(`${slots[0]!.url}/api/groups/${groupId}/members/${removed.user.id}`, { method: 'DELETE', headers: { cookie: owner.cookie } });
      expect(removal.status).toBe(204);
      const removedAt = Date.now();
      await waitFor(
        'every socket of the removed member to close with accessRevoked',
        () => [...theirs, ...pinned].every((c) => c.closes.at(-1) === closeCodes.accessRevoked),
        30_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; ${JSON.stringify({ where: standing([...theirs, ...pinned]), instances: instancesUp(slots) })}`);
      });
      const revokedMs = Date.now() - removedAt;
      for (const stream of theirStreams) {
        expect(await stream.next('the stream to end', (e) => e.type === 'end', 5000)).toEqual({ type: 'end', reason: 'access-revoked' });
      }
      await refusedEverywhere(slots, docId, removed);
      hold = null;
      release();

      await killer;
      for (const stop of typing) stop();
      const stoppedAt = Date.now();

      // Everyone left converges with every instance.
      const staying = writers.filter((w) => w.member !== removed).map((w) => w.client);
      const fresh = slots.map((slot) => connectToInstances(docId, owner.cookie, () => slot));
      clients.push(...fresh);
      const everyone = [...staying, ...fresh];
      await waitFor(
        'every client and instance to hold the same document',
        () => everyone.every((c) => c.provider.synced && c.text() === everyone[0]!.text()),
        120_000,
      ).catch((err: Error) => {
        const lengths = new Map<number, number>();
        for (const c of everyone) lengths.set(c.text().length, (lengths.get(c.text().length) ?? 0) + 1);
        const unsynced = standing(everyone.filter((c) => !c.provider.synced));
        throw new Error(`${err.message}; lengths ${JSON.stringify([...lengths])}; not synced ${JSON.stringify(unsynced)}`);
      });
      const convergeMs = Date.now() - stoppedAt;

      // Nothing acknowledged is lost, the removed member's included.
      const final = clocksOf(fresh[0]!.doc);
      const writing = writers.map((w) => w.client);
      const acknowledged = writing.reduce((sum, c) => sum + c.acknowledged, 0);
      const lost = writing.reduce((sum, c) => sum + Math.max(0, c.acknowledged - (final.get(c.doc.clientID) ?? 0)), 0);
      // Still locked out, restarted instances included.
      await refusedEverywhere(slots, docId, removed);
      expect(theirs.every((c) => !c.provider.wsconnected)).toBe(true);

      // No honest client is taken for a forger of someone's client id.
      const forged = writing.reduce((sum, c) => sum + c.closes.filter((code) => code === closeCodes.clientIdForged).length, 0);
      console.log(
        `CHAOS seconds=${seconds} instances=3 clients=${clientCount} kills=${kills} edits=${edits} acknowledged=${acknowledged} ` +
          `lost=${lost} stored=${fresh[0]!.text().length} revokedMs=${revokedMs} convergeMs=${convergeMs} forged=${forged}`,
      );
      expect(kills).toBeGreaterThan(0);
      expect(acknowledged).toBeGreaterThan(0);
      expect(lost).toBe(0);
      expect(forged).toBe(0);
    },
    seconds * 1000 + 420_000,
  );
});

/** Where each client stands, for a timeout's message: its Yjs client id, the close codes it received, its instance, whether connected. */
function standing(clients: readonly InstanceClient[]) {
  return clients.map((c) => ({ clientId: c.doc.clientID, closes: c.closes, url: c.provider.ws?.url, connected: c.provider.wsconnected }));
}

/** Each instance's address and whether its process is running, for a timeout's message. */
function instancesUp(slots: readonly ServerProcess[]) {
  return slots.map((slot) => ({ url: slot.url, alive: alive(slot.child) }));
}

function alive(child: ServerProcess['child']): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves at `time` (ms since the epoch): the pace of the run, not a wait for a result. */
function until(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}

/** No instance lets `member` open the document again: the upgrade is refused (404: not theirs to see). */
async function refusedEverywhere(slots: ServerProcess[], docId: string, member: TestUser): Promise<void> {
  for (const slot of slots) {
    const raw = connectRawClient(slot.url, docId, member);
    const outcome = await Promise.race([raw.refused.then((refusal) => refusal.status), raw.opened.then(() => 'opened' as const)]);
    raw.socket.terminate();
    expect(outcome).toBe(404);
  }
}
