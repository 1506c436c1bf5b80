import SQLite from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A backup of a SQLite deployment, taken while the server runs: the database
 * through SQLite's online backup API, then the files its rows name.
 *
 * The database copy is one snapshot: the backup connection reads the live
 * file in a single step (one read transaction), which writers in WAL mode
 * never wait for and cannot tear. Copying in several steps would restart
 * from scratch whenever the server commits in between, which a typing class
 * does a hundred times a second.
 *
 * Files come after, and only those whose rows are in the snapshot: an upload
 * is written aside and renamed into place before its row is inserted
 * (features/files/service.ts), so every file a snapshot row names is whole on
 * disk, and is never changed once there. Each is copied aside and renamed
 * into the backup, and checked against the SHA-256 its row keeps, so a
 * backup never holds a torn or altered file.
 */
export interface BackupResult {
  /** The folder holding `database.db`, `files/` and `backup.json`. */
  folder: string;
  databasePages: number;
  files: number;
  /** Files whose rows are in the snapshot but whose bytes were gone (deleted for good meanwhile). */
  missing: string[];
}

/** The database file's name inside a backup folder. */
export const backupDatabaseName = 'database.db';
/** The files folder's name inside a backup folder. */
export const backupFilesName = 'files';

export async function takeBackup(source: { databasePath: string; filesDir: string }, folder: string): Promise<BackupResult> {
  await mkdir(join(folder, backupFilesName), { recursive: true });
  const databaseCopy = join(folder, backupDatabaseName);
  await rm(databaseCopy, { force: true });

  const live = new SQLite(source.databasePath, { fileMustExist: true });
  let progress: { totalPages: number };
  try {
    // This connection only reads; a writer briefly holding a lock the read needs is waited for.
    live.pragma('busy_timeout = 5000');
    progress = await live.backup(databaseCopy, {
      // After the first step (which only counts pages), everything left in one step: one snapshot.
      progress: () => 0x7fffffff,
    });
  } finally {
    live.close();
  }

  const copy = new SQLite(databaseCopy, { fileMustExist: true });
  let rows: { id: string; sha256: string }[];
  try {
    rows = copy.prepare('select id, sha256 from files order by id').all() as { id: string; sha256: string }[];
  } finally {
    copy.close();
  }

  const missing: string[] = [];
  for (const row of rows) {
    const copied = await copyFileChecked(join(source.filesDir, row.id), join(folder, backupFilesName, row.id), row.sha256);
    if (!copied) missing.push(row.id);
  }

  const result: BackupResult = { folder, databasePages: progress.totalPages, files: rows.length - missing.length, missing };
  await writeFile(
    join(folder, 'backup.json'),
    JSON.stringify({ takenAt: new Date().toISOString(), database: backupDatabaseName, files: backupFilesName, fileCount: result.files, missing }, null, 2),
  );
  return result;
}

/** Copies `from` to `to` through a temporary name; false when `from` is gone. Throws when the bytes do not match their row's hash. */
async function copyFileChecked(from: string, to: string, sha256: string): Promise<boolean> {
  const temporary = `${to}.${randomBytes(6).toString('hex')}.part`;
  try {
    await copyFile(from, temporary);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const actual = await hashOf(temporary);
  if (actual !== sha256) {
    await rm(temporary, { force: true });
    throw new Error(`the file ${from} does not match its recorded SHA-256: not backed up`);
  }
  await rename(temporary, to);
  return true;
}

function hashOf(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
