import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { parseConfig } from '../../server/config';
import { sessionCookieName } from '../../server/http/session-cookie';
import { createLogger } from '../../server/logger';
import { startServer } from '../../server/server';
import type { Connection } from '../../server/sync/connection';
import { encodeUpdate } from '../../server/sync/protocol';
import { type ServerProcess, spawnServerProcess } from '../../server/testing/server-process';
import { applyPatch, paragraphText, sequentialTrace, tracePatches } from '../editing-trace';
import { seedFeed } from '../feed';
import { SinkSocket } from '../history';
import type { Scenario } from '../scenario';

/**
 * The contributions and feed endpoints at 100,000 events,
 * Commonplace only. One group of 200 members with 20 documents, 100,000
 * events and 20,000 threads (bench/feed.ts's seed), and 100,000 document
 * updates typed through the real sync path (each attributed, tallied and
 * group-committed): every document gets the first 5,000 edits of the
 * automerge-paper trace from 10 members taking turns in runs of 50. Made
 * once per run in a temporary SQLite file; every repeat starts the server as
 * its own process on it and times over HTTP: the feed of a member who never
 * marked anything seen, one document's contributions and the whole group's
 * (the first request after the start apart: it computes surviving text).
 */

const full = { events: 100_000, updates: 100_000, requests: 50 };
const quick = { events: 5_000, updates: 4_000, requests: 10 };
const writersPerDoc = 10;
const editsPerTurn = 50;
const warmUpRequests = 3;

interface Prepared {
  dir: string;
  databaseUrl: string;
  cookie: string;
  docId: string;
  groupId: string;
}

const prepared = new Map<boolean, Promise<Prepared>>();

export const endpoints: Scenario = {
  id: 'endpoints',
  needsTraces: true,
  title: 'Feed and contributions endpoints at 100,000 events and 100,000 stored updates (200 members, 20 documents), over HTTP',
  servers: ['commonplace'],
  headline: [
    { metric: 'feedP95Ms', label: 'GET /api/feed p95 (100,000 unseen)', unit: 'ms', better: 'lower' },
    { metric: 'docContributionsP95Ms', label: 'GET a document\'s contributions p95', unit: 'ms', better: 'lower' },
    { metric: 'groupContributionsP95Ms', label: 'GET the group\'s contributions p95', unit: 'ms', better: 'lower' },
  ],
  async run(_kind, context) {
    const sizes = context.quick ? quick : full;
    let ready = prepared.get(context.quick);
    if (!ready) prepared.set(context.quick, (ready = prepare(sizes)));
    const { databaseUrl, cookie, docId, groupId } = await ready;
    const server = await spawnServerProcess({ DATABASE_URL: databaseUrl });
    try {
      const get = async (path: string) => {
        const response = await fetch(server.url + path, { headers: { cookie } });
        if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
        await response.json();
      };
      const firstGroupContributionsMs = (await timed(1, () => get(`/api/groups/${groupId}/contributions`)))[0]!;
      const feed = await timed(sizes.requests, () => get('/api/feed'));
      const doc = await timed(sizes.requests, () => get(`/api/docs/${docId}/contributions`));
      const group = await timed(sizes.requests, () => get(`/api/groups/${groupId}/contributions`));
      return {
        metrics: {
          events: sizes.events,
          updates: sizes.updates,
          feedP50Ms: quantile(feed, 0.5),
          feedP95Ms: quantile(feed, 0.95),
          docContributionsP50Ms: quantile(doc, 0.5),
          docContributionsP95Ms: quantile(doc, 0.95),
          groupContributionsP50Ms: quantile(group, 0.5),
          groupContributionsP95Ms: quantile(group, 0.95),
          firstGroupContributionsMs,
        },
      };
    } finally {
      await stopProcess(server);
    }
  },
  async teardown() {
    const all = [...prepared.values()];
    prepared.clear();
    for (const ready of all) rmSync((await ready).dir, { recursive: true, force: true });
  },
};

/** Seeds the feed, then types the updates through an in-process server's sync path, and stops it (which stores everything). */
async function prepare(sizes: typeof full): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-endpoints-'));
  const databaseUrl = `sqlite:${join(dir, 'commonplace.db')}`;
  const config = parseConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    const seeded = await seedFeed(server.domain.store.db, { events: sizes.events });
    const writers = seeded.members.filter((member) => member.role === 'member');
    const editsPerDoc = Math.floor(sizes.updates / seeded.docIds.length);
    for (const [d, docId] of seeded.docIds.entries()) {
      const team = Array.from({ length: writersPerDoc }, (_, i) => writers[(d * writersPerDoc + i) % writers.length]!);
      const connections = team.map((member, i) =>
        server.domain.sync.accept(new SinkSocket(), {
          docId,
          groupId: seeded.groupId,
          userId: member.id,
          userName: `Member ${i}`,
          sessionId: `bench-${d}-${i}`,
          role: 'member',
          canWrite: true,
        }),
      );
      await typeTurns(connections, editsPerDoc, () => server.domain.sync.committed(docId));
      for (const connection of connections) connection.close(1000, 'done');
    }
    const { token } = await server.domain.sessions.create(seeded.readerId);
    return { dir, databaseUrl, cookie: `${sessionCookieName}=${token}`, docId: seeded.docIds[0]!, groupId: seeded.groupId };
  } finally {
    await server.stop();
  }
}

/**
 * The first `edits` patches of automerge-paper typed into one document by
 * the connections taking turns: one local Y.Doc, its client id switched to
 * the writer's own before each edit, so that each writer's updates carry
 * its own client id and go through its own connection.
 */
async function typeTurns(connections: Connection[], edits: number, committed: () => Promise<void>): Promise<void> {
  const local = new Y.Doc();
  // Distinct client ids, well inside the uint32 range Yjs uses.
  const base = Math.floor(Math.random() * 2 ** 31);
  const clientIds = connections.map((_, i) => base + i);
  let writer = 0;
  local.clientID = clientIds[0]!;
  const outbox: { writer: number; update: Uint8Array }[] = [];
  local.on('update', (update: Uint8Array) => outbox.push({ writer, update }));
  const flush = async () => {
    for (const { writer: w, update } of outbox.splice(0)) connections[w]!.receive(encodeUpdate(update));
    await committed();
  };
  const text = paragraphText(local);
  let typed = 0;
  for (const patch of tracePatches(sequentialTrace('automerge-paper'))) {
    if (typed === edits) break;
    writer = Math.floor(typed / editsPerTurn) % connections.length;
    local.clientID = clientIds[writer]!;
    applyPatch(text, patch);
    typed += 1;
    if (outbox.length >= 2000) await flush();
  }
  await flush();
  local.destroy();
}

async function timed(count: number, request: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < (count > 1 ? warmUpRequests : 0); i++) await request();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await request();
    samples.push(performance.now() - started);
  }
  return samples;
}

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function stopProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}
