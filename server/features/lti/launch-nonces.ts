import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * Nonces taken once (`lti_nonces`): a launch's, so that a replayed id_token
 * is refused however it is sent again, and a new-tab code's. A row is kept
 * until what it guards would have expired anyway, then swept.
 */
export class LaunchNonces {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time (`issuer`, `nonce`) is taken, false ever after (until `expiresAt`). */
  async takeOnce(issuer: string, nonce: string, expiresAt: number): Promise<boolean> {
    const now = this.now();
    await this.db.deleteFrom('lti_nonces').where('expires_at', '<', now).execute();
    const taken = await this.db
      .insertInto('lti_nonces')
      .values({ issuer, nonce, expires_at: Math.max(expiresAt, now) })
      .onConflict((oc) => oc.columns(['issuer', 'nonce']).doNothing())
      .executeTakeFirst();
    return Number(taken.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}
