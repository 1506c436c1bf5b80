import { resolve } from 'node:path';
import { takeBackup } from './backup-copy';
import { configOrExit } from './config';

/**
 * `npm run backup [folder]`: an online backup of a SQLite deployment (the
 * database and the files folder), safe while the server runs. It reads the
 * same configuration as the server (DATABASE_URL, FILES_DIR, BACKUP_DIR).
 * Without a folder it writes to BACKUP_DIR/<time, ISO 8601>/.
 * PostgreSQL is backed up with its own tools (pg_dump): see the README.
 */
async function main() {
  const config = configOrExit(process.env);
  if (config.database.kind !== 'sqlite') {
    console.error(
      [
        'npm run backup copies a SQLite database; DATABASE_URL names PostgreSQL.',
        'Back PostgreSQL up with pg_dump, and the files folder (FILES_DIR) beside it, e.g.:',
        '  pg_dump --format=custom --file=commonplace.dump "$DATABASE_URL"',
        '  tar -czf files.tar.gz -C "$FILES_DIR" .',
        'Restore with pg_restore --clean --if-exists --dbname="$DATABASE_URL" commonplace.dump (see the README, Backups).',
      ].join('\n'),
    );
    process.exit(2);
  }
  if (config.database.path === ':memory:') {
    console.error('DATABASE_URL names an in-memory database: there is nothing on disk to back up.');
    process.exit(2);
  }
  // Colons are not allowed in Windows file names; the time stays readable and sortable.
  const folder = resolve(process.argv[2] ?? resolve(config.backupDir, new Date().toISOString().replaceAll(':', '-')));
  const result = await takeBackup({ databasePath: config.database.path, filesDir: config.files.dir }, folder);
  console.log(`Backed up to ${result.folder}: the database (${result.databasePages} pages) and ${result.files} files.`);
  if (result.missing.length > 0) {
    console.warn(`${result.missing.length} files named by the database were gone from ${config.files.dir} (deleted meanwhile): ${result.missing.join(', ')}`);
  }
}

main().catch((err) => {
  console.error(`The backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
