import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import type { Role } from '../../shared/permissions';
import { parseConfig } from '../config';
import { openDatabase } from '../db/database';
import { createMetrics } from '../metrics';
import { UpdateLog, applyStored } from '../sync/update-log';
import { spawnServerProcess, type ServerProcess } from './server-process';
import { dropTestDatabase, testDatabaseUrl } from './test-database';
import { createTestDoc, startTestServer, type TestUser } from './test-server';

/**
 * A document and its members, stored by a short-lived in-process server,
 * then served by server processes on the same database (a SQLite file, or a
 * PostgreSQL database of its own under TEST_DATABASE_URL): for what only a
 * separate process can show, such as a SIGKILL or its memory over time.
 */
export interface SeededDocument {
  databaseUrl: string;
  /** The SQLite file, or null on PostgreSQL. */
  sqliteFile: string | null;
  docId: string;
  /** In the order they were asked for, each with a live session. */
  members: TestUser[];
  /** A server process on the database, with `env` added; `remove` kills it if it still runs. */
  serve(env?: Record<string, string>): Promise<ServerProcess>;
  /** The document as stored now, read straight from the database rather than through a server. */
  stored(): Promise<Y.Doc>;
  /** Kills the server processes still running and deletes the database. */
  remove(): Promise<void>;
}

export async function seedDocument(members: { name: string; role: Role }[]): Promise<SeededDocument> {
  const seed = await startTestServer();
  const users: TestUser[] = [];
  for (const { name } of members) users.push(await seed.createUser(name));
  const { docId } = await createTestDoc(
    seed,
    users.map((member, i) => ({ member, role: members[i]!.role })),
  );
  // Stopped, not closed: closing would delete the database the processes are to serve.
  await seed.stop();

  const processes: ServerProcess[] = [];
  return {
    databaseUrl: seed.databaseUrl,
    sqliteFile: seed.sqliteFile,
    docId,
    members: users,
    async serve(env = {}) {
      const server = await spawnServerProcess({ DATABASE_URL: seed.databaseUrl, ...env });
      processes.push(server);
      return server;
    },
    async stored() {
      const store = await openDatabase(parseConfig({ DATABASE_URL: seed.databaseUrl }).database);
      try {
        const doc = new Y.Doc();
        applyStored(doc, await new UpdateLog(store.db, createMetrics()).load(docId));
        return doc;
      } finally {
        await store.close();
      }
    },
    async remove() {
      await Promise.all(processes.map(killed));
      rmSync(seed.dir, { recursive: true, force: true });
      if (testDatabaseUrl()) await dropTestDatabase(seed.databaseUrl);
    },
  };
}

/** Sends SIGKILL (if the process still runs) and resolves with the signal it died of. */
export function killed(server: ServerProcess): Promise<NodeJS.Signals | null> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  return exited;
}
