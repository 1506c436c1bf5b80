import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabaseName, backupFilesName } from './backup-copy';
import { png } from './features/files/test-images';
import { waitFor } from './sync/test-clients';
import { killed } from './testing/seeded-document';
import { spawnServerProcess } from './testing/server-process';
import { testDatabaseUrl } from './testing/test-database';
import type { TestUser } from './testing/test-server';
import { typingDocument } from './testing/typing-document';
import { clocksOf, isSubsequence, total } from './testing/typing-members';
import { reportFigures } from './testing/figures';

/**
 * `npm run backup` while members type and upload images through a running
 * server: a new server started on the backup holds every edit acknowledged
 * before the backup began (what any other client held by then, since the
 * server relays an update only once stored), and every file the backup's
 * rows name, whole.
 */
const typistCount = 3;
const everyMs = 30;

const typing = typingDocument(typistCount);
const { pool } = typing;
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'commonplace-backup-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `server/backup.ts` as `npm run backup` does, with `env` as its configuration. */
function runBackup(env: Record<string, string>, folder?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/backup.ts', ...(folder ? [folder] : [])], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function upload(serverUrl: string, docId: string, as: TestUser, bytes: Uint8Array): Promise<string> {
  const response = await fetch(`${serverUrl}/api/docs/${docId}/files`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', cookie: as.cookie },
    body: bytes as BodyInit,
  });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
  return ((await response.json()) as { file: { id: string } }).file.id;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.skipIf(testDatabaseUrl())('npm run backup', () => {
  it('takes a backup while members type and upload; a server on it holds every acknowledged edit and every file', async () => {
    const { seeded } = typing;
    const filesDir = join(work, 'live-files');
    const server = await seeded.serve({ DOC_UNLOAD_DELAY_MS: '600000', FILES_DIR: filesDir });
    const uploader = typing.typists[0]!;
    const uploaded = new Map<string, string>();
    const first = png({ width: 3, height: 2 });
    uploaded.set(await upload(server.url, seeded.docId, uploader, first), sha256(first));

    const team = typing.team(server.url);
    await team.synced();
    team.startTyping(everyMs);
    await waitFor('the first edits to go through', () => team.watcher.text().length >= 60, 10_000);

    // What is acknowledged as the backup starts: it must all be in the backup.
    const acknowledged = team.acknowledged();
    const watcherSaw = team.watcher.text();
    const folder = join(work, 'backup');
    const backup = runBackup({ DATABASE_URL: seeded.databaseUrl, FILES_DIR: filesDir }, folder);
    // Images keep arriving while it copies.
    let backedUp = false;
    void backup.then(() => (backedUp = true));
    for (let width = 4; !backedUp; width++) {
      const bytes = png({ width, height: 2 });
      uploaded.set(await upload(server.url, seeded.docId, uploader, bytes), sha256(bytes));
    }
    const { code, stdout, stderr } = await backup;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Backed up to/);
    const typedDuringBackup = team.typed;
    team.stopTyping();
    pool.destroyAll();
    await killed(server);

    // Restored: a new server on the backup's database and files folder.
    const restored = await spawnServerProcess({
      DATABASE_URL: `sqlite:${join(folder, backupDatabaseName)}`,
      FILES_DIR: join(folder, backupFilesName),
      DOC_UNLOAD_DELAY_MS: '600000',
    });
    try {
      const reader = pool.connect(restored.url, seeded.docId, typing.observer);
      await reader.synced;
      const restoredClocks = clocksOf(reader.doc);
      for (const [writer, clock] of acknowledged) expect(restoredClocks.get(writer) ?? 0).toBeGreaterThanOrEqual(clock);
      expect(isSubsequence(watcherSaw, reader.text())).toBe(true);

      // Every file the backup's rows name is there, whole; the first one certainly.
      const database = new SQLite(join(folder, backupDatabaseName), { readonly: true });
      const rows = database.prepare('select id, sha256 from files').all() as { id: string; sha256: string }[];
      database.close();
      expect(rows.map((row) => row.id)).toContain([...uploaded.keys()][0]);
      for (const row of rows) {
        const response = await fetch(`${restored.url}/api/files/${row.id}`, { headers: { cookie: uploader.cookie } });
        expect(response.status).toBe(200);
        const bytes = new Uint8Array(await response.arrayBuffer());
        expect(sha256(bytes)).toBe(row.sha256);
        expect(uploaded.get(row.id)).toBe(row.sha256);
      }
      // Nothing half-copied is left in the backup.
      expect(readdirSync(join(folder, backupFilesName)).sort()).toEqual(rows.map((row) => row.id).sort());

      reportFigures('backup', {
        acknowledgedBeforeBackup: total(acknowledged),
        restoredCharacters: reader.text().length,
        typedWhileBackingUp: typedDuringBackup,
        filesUploaded: uploaded.size,
        filesInBackup: rows.length,
      });
    } finally {
      pool.destroyAll();
      await killed(restored);
    }
    // Three processes start one after another (the server, the backup, the restored server).
  }, 240_000);

  it('refuses PostgreSQL, pointing at pg_dump', async () => {
    const { code, stderr } = await runBackup({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, join(work, 'never'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/pg_dump --format=custom/);
    expect(readdirSync(work)).not.toContain('never');
  }, 60_000);
});
