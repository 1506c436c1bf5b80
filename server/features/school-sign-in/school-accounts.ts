import type { Kysely } from 'kysely';
import { email as emailSchema } from '../../../shared/schemas/auth';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';
import type { EmailInvites } from '../invites/email-invites';
import type { Roster } from '../courses/roster';
import { SignInFailure } from './failure';
import { IdentityStore } from './identities';

/** What the provider said about the person, from the ID token (and userinfo). */
export interface ProviderProfile {
  issuer: string;
  subject: string;
  /** The provider's configured id. */
  provider: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

/**
 * The account behind a school sign-in. An identity is found by the ID
 * token's `(iss, sub)`, never by email: an email can change hands, the pair
 * cannot. A new identity joins the account with its email only when the
 * provider vouches for the address (`email_verified: true`); otherwise
 * anyone able to set that address at some provider could take the account.
 */
export class SchoolAccounts {
  readonly #identities: IdentityStore;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly emailInvites: EmailInvites,
    private readonly roster: Roster,
    private readonly now: () => number,
  ) {
    this.#identities = new IdentityStore(db);
  }

  /** The user this sign-in is: found, linked by a verified email, or made. */
  async signIn(profile: ProviderProfile): Promise<{ userId: string; created: boolean }> {
    const key = keyOf(profile);
    const email = emailOf(profile);
    const known = await this.#identities.find(key);
    if (known) {
      await this.#identities.touch(key, email, this.now());
      return { userId: known.user_id, created: false };
    }
    if (!email) throw new SignInFailure('no_email', `no usable email from ${profile.provider}`);
    const holder = await this.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (holder) {
      if (profile.email_verified !== true) {
        throw new SignInFailure('email_not_verified', `${profile.provider} does not vouch for ${email}, which has an account`);
      }
      await this.#insert(profile, holder.id, email);
      return { userId: holder.id, created: false };
    }

    const userId = newId();
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      // No password: '' matches none, so this account signs in through its identities until it sets one.
      await trx.insertInto('users').values({ id: userId, email, name: nameOf(profile, email), password_hash: '', created_at: now }).execute();
      await trx
        .insertInto('identities')
        .values({ ...key, user_id: userId, provider: profile.provider, email, created_at: now, last_used_at: now })
        .execute();
    });
    // As at sign-up: groups that invited this address, and the team a course's roster placed it in.
    await this.emailInvites.takeUp(userId, email);
    await this.roster.takeUp(userId, email);
    return { userId, created: true };
  }

  /** Attaches this sign-in to `userId`, who is signed in and asked for it. */
  async link(profile: ProviderProfile, userId: string): Promise<void> {
    const key = keyOf(profile);
    const email = emailOf(profile);
    const known = await this.#identities.find(key);
    if (known && known.user_id !== userId) {
      throw new SignInFailure('identity_taken', `${profile.provider} ${profile.subject} belongs to another account`);
    }
    if (known) await this.#identities.touch(key, email, this.now());
    else await this.#insert(profile, userId, email);
  }

  async #insert(profile: ProviderProfile, userId: string, email: string | null): Promise<void> {
    const now = this.now();
    await this.db
      .insertInto('identities')
      .values({ ...keyOf(profile), user_id: userId, provider: profile.provider, email, created_at: now, last_used_at: now })
      .execute();
  }
}

function keyOf(profile: ProviderProfile) {
  return { kind: 'oidc' as const, issuer: profile.issuer, subject: profile.subject };
}

/** The provider's email, normalised as sign-up does, or null when there is no valid one. */
function emailOf(profile: ProviderProfile): string | null {
  const parsed = emailSchema.safeParse(profile.email);
  return parsed.success ? parsed.data : null;
}

/** The account's name: the provider's `name`, else the email's local part. */
function nameOf(profile: ProviderProfile, email: string): string {
  const given = typeof profile.name === 'string' ? profile.name.replace(/\p{Cc}/gu, ' ').trim().slice(0, 80) : '';
  return given || email.slice(0, email.indexOf('@')).slice(0, 80) || email.slice(0, 80);
}
