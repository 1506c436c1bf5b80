import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';

/** How long a retired key stays in the JWKS: tokens it signed just before a rotation still verify. */
export const retiredKeyPublishedMs = 24 * 60 * 60 * 1000;

export const toolKeyAlgorithm = 'RS256';

export interface ToolSigningKey {
  /** Put it in the JWT header (`kid`) so the platform picks the right key from /lti/jwks. */
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The tool's own RS256 key pair for LTI 1.3, generated on first use and kept
 * in `lti_keys` so every instance and every restart signs with the same key
 * the LMS fetched from `GET /lti/jwks`.
 *
 * Whoever signs a JWT to a platform (the client-credentials assertion for
 * the Names and Roles and Assignment and Grade services, the Deep Linking
 * response) signs with `signingKey()` and puts its `kid` in the header:
 *
 *     const { kid, privateKey } = await toolKeys.signingKey();
 *     const jwt = await new SignJWT(claims).setProtectedHeader({ alg: toolKeyAlgorithm, kid }).sign(privateKey);
 *
 * `rotate()` makes a new key sign from then on; the previous one stays
 * published for `retiredKeyPublishedMs`, then leaves the JWKS and the table.
 * The server calls `rotateWhenOlderThan` every hour with the configured
 * key lifetime (LTI_KEY_ROTATION_DAYS).
 */
export class ToolKeys {
  readonly #privateKeys = new Map<string, Promise<CryptoKey>>();
  #first: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The newest unretired key; one is made when there is none yet. */
  async signingKey(): Promise<ToolSigningKey> {
    let row = await this.#current();
    if (!row) {
      // One generation per instance at a time; two instances racing each
      // insert one and both sign with the newest, which is published either way.
      await (this.#first ??= this.#insertKey().finally(() => (this.#first = null)));
      row = await this.#current();
      if (!row) throw new Error('the tool key was not stored');
    }
    return { kid: row.kid, privateKey: await this.#privateKey(row.kid, row.private_jwk) };
  }

  /** The public keys platforms verify the tool's JWTs with: the signing key and those retired within the window. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.signingKey();
    const rows = await this.db
      .selectFrom('lti_keys')
      .select(['public_jwk'])
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', this.now() - retiredKeyPublishedMs)]))
      .orderBy('created_at', 'desc')
      .execute();
    return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
  }

  /** A new key signs from now on; the previous ones are retired, and those retired long ago are dropped. */
  async rotate(): Promise<void> {
    const now = this.now();
    await this.db.deleteFrom('lti_keys').where('retired_at', '<=', now - retiredKeyPublishedMs).execute();
    await this.db.updateTable('lti_keys').set({ retired_at: now }).where('retired_at', 'is', null).execute();
    await this.#insertKey();
  }

  /**
   * Rotates when the signing key is older than `maxAgeMs`, so that a key that
   * leaked unnoticed stops being trusted within that time. Returns whether
   * it rotated; with no key yet there is nothing to rotate.
   */
  async rotateWhenOlderThan(maxAgeMs: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('lti_keys')
      .select('created_at')
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!row || Number(row.created_at) > this.now() - maxAgeMs) return false;
    await this.rotate();
    return true;
  }

  #current() {
    return this.db
      .selectFrom('lti_keys')
      .select(['kid', 'private_jwk'])
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .executeTakeFirst();
  }

  async #insertKey(): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(toolKeyAlgorithm, { modulusLength: 2048, extractable: true });
    const kid = newId(12);
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: toolKeyAlgorithm, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: toolKeyAlgorithm };
    await this.db
      .insertInto('lti_keys')
      .values({
        kid,
        public_jwk: JSON.stringify(publicJwk),
        private_jwk: JSON.stringify(privateJwk),
        created_at: this.now(),
        retired_at: null,
      })
      .execute();
  }

  #privateKey(kid: string, privateJwk: string): Promise<CryptoKey> {
    let key = this.#privateKeys.get(kid);
    if (!key) {
      key = importJWK(JSON.parse(privateJwk) as JWK, toolKeyAlgorithm) as Promise<CryptoKey>;
      this.#privateKeys.set(kid, key);
    }
    return key;
  }
}
