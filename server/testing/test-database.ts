import pg from 'pg';
import { newId } from '../db/ids';

/**
 * PostgreSQL for the tests. TEST_DATABASE_URL names a server and a database
 * the test role may connect to; each test server gets a database of its own
 * (CREATE DATABASE is quick on an empty template), so tests stay as isolated
 * as they are with one SQLite file each. A server closed by its test drops
 * its database; those of crashed runs are named `cp_test_*`.
 */
export function testDatabaseUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : null;
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `cp_test_${newId()}`;
  // An identifier cannot be a bind parameter; newId is lowercase base32, [a-z2-7].
  await asAdmin(`create database ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createTestDatabase, closing whatever still uses it. */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^cp_test_[a-z2-7]+$/.test(name)) throw new Error(`not a test database: ${name}`);
  try {
    await asAdmin(`drop database if exists ${name} with (force)`);
  } catch (err) {
    // FORCE must be allowed to signal every backend on the database, and an
    // autovacuum worker there belongs to no role the test role may signal
    // (42501) unless it holds pg_signal_backend. A plain DROP stops autovacuum
    // by itself, and the test's own connections are closed by now.
    if (!isInsufficientPrivilege(err)) throw err;
    await asAdmin(`drop database if exists ${name}`);
  }
}

function isInsufficientPrivilege(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '42501';
}

function adminUrl(): string {
  const url = testDatabaseUrl();
  if (!url) throw new Error('TEST_DATABASE_URL is not a postgres:// URL');
  return url;
}

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
