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
  await asAdmin(`drop database if exists ${name} with (force)`);
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
