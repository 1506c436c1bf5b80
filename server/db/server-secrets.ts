import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Keys every instance shares, kept in the database: the one that signs
 * unsubscribe links, and the one that derives aliased members' stand-in ids.
 * The first instance to need a key makes it (an insert that yields to one
 * already there), so all agree without configuration. Boot makes them all
 * (`ensureServerSecrets`), so that reading a page never writes.
 */
export const secretNames = ['unsubscribe', 'member-stand-ins'] as const;
export type SecretName = (typeof secretNames)[number];

const made = new WeakMap<Kysely<Database>, Map<SecretName, Promise<Buffer>>>();

/** The named key, made if no instance has yet; read once per database handle. */
export function serverSecret(db: Kysely<Database>, name: SecretName): Promise<Buffer> {
  let keys = made.get(db);
  if (!keys) made.set(db, (keys = new Map()));
  let key = keys.get(name);
  if (!key) {
    key = (async () => {
      await db
        .insertInto('server_secrets')
        .values({ name, value: randomBytes(32).toString('base64url'), created_at: Date.now() })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return Buffer.from(row.value, 'base64url');
    })();
    // A failed read (the database away) is tried again next time.
    key.catch(() => keys.delete(name));
    keys.set(name, key);
  }
  return key;
}

/** Makes (or reads) every key at boot. */
export async function ensureServerSecrets(db: Kysely<Database>): Promise<void> {
  await Promise.all(secretNames.map((name) => serverSecret(db, name)));
}
