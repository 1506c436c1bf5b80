import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { resetLinkRefusals } from '../../../shared/schemas/auth';
import type { Database, UsersTable } from '../../db/schema';
import { newId } from '../../db/ids';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { MailDelivery } from '../mail/delivery';
import { renderMail } from '../mail/layout';
import { enqueueMail, oneLine } from '../mail/outbox';
import { hashPassword } from './password';
import type { Sessions } from './sessions';

/** How long a reset link works. */
export const resetLinkLifetimeMs = 60 * 60 * 1000;

/** The path of the page a reset link opens; the client's router has it too. */
export const resetPagePath = (token: string) => `/reset-password/${token}`;

/**
 * Password reset by a one-time link in a mail. The token is 32 random bytes
 * (base32 in the link); only its SHA-256 is stored, so a leaked table holds
 * no usable link. A link works once, for an hour.
 *
 * Asking for a new link leaves the older ones valid until they expire:
 * anyone who knows an address can ask for a link, and if each request ended
 * the previous ones, a stranger could keep spoiling the link the owner is
 * about to click (and mails that arrive out of order would carry dead links).
 * Setting a password ends every outstanding link of the account.
 *
 * An account made through school sign-in or an LMS has no password (an empty
 * hash); a reset gives it one, as whoever reads the mail proved they own the
 * address. It keeps its other ways in.
 */
export class PasswordResets {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sessions: Sessions,
    private readonly context: {
      publicOrigin: () => string;
      /** Told once a mail is queued, so it goes now rather than at the worker's next look. */
      mail: Pick<MailDelivery, 'kick'>;
      logger: Logger;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.context.now ?? Date.now)();
  }

  /**
   * Runs `request` after the caller has answered: the answer then takes the
   * same time whether the email has an account or not. A failure is logged;
   * the asker can ask again.
   */
  requestLater(email: string): void {
    const job = this.request(email).then(
      () => undefined,
      (err: unknown) => this.context.logger.error({ err }, 'a password reset request failed'),
    );
    this.#pending.add(job);
    void job.then(() => this.#pending.delete(job));
  }

  /** Resolves once every request started with `requestLater` is done (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.all(this.#pending);
  }

  /** Queues a reset mail to the account with this (normalised) email, if there is one; returns whether there was. */
  async request(email: string): Promise<boolean> {
    const user = await this.db.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', email).executeTakeFirst();
    if (!user) return false;
    await this.issue(user);
    return true;
  }

  /** Makes a reset link for an account and queues its mail; both commit together. Returns the link's token. */
  async issue(user: Pick<UsersTable, 'id' | 'email' | 'name'>): Promise<string> {
    const token = newId(32);
    const tokenHash = hashToken(token);
    const now = this.now();
    const url = `${this.context.publicOrigin()}${resetPagePath(token)}`;
    const { html, text } = renderMail({
      heading: 'Reset your password',
      paragraphs: [
        `Hello ${oneLine(user.name)}, someone asked to reset the password of the Commonplace account for ${user.email}.`,
        'The button below lets you choose a new one. It works once, for an hour, and signs you out everywhere else.',
      ],
      action: { label: 'Choose a new password', url },
      reason: "You get this because someone asked to reset the password of your Commonplace account. If it wasn't you, ignore this mail.",
    });
    await this.db.transaction().execute(async (trx) => {
      // This account's dead links are of no more use; live ones stay (see the class comment).
      await trx.deleteFrom('password_resets').where('user_id', '=', user.id).where('expires_at', '<=', now).execute();
      await trx
        .insertInto('password_resets')
        .values({ token_hash: tokenHash, user_id: user.id, created_at: now, expires_at: now + resetLinkLifetimeMs, used_at: null })
        .execute();
      await enqueueMail(
        trx,
        {
          key: `password-reset:${tokenHash}`,
          userId: user.id,
          to: user.email,
          kind: 'password-reset',
          unsubscribeKind: null,
          subject: 'Reset your Commonplace password',
          html,
          text,
        },
        now,
      );
    });
    void this.context.mail.kick();
    return token;
  }

  /**
   * The email of a live link's account, for its page to name; a link that is
   * not live is refused with `reset_link_invalid`, as confirm refuses it.
   * Reads only: the link stays as it was.
   */
  async check(token: string): Promise<{ email: string }> {
    const tokenHash = hashToken(token);
    const live = await this.liveReset(tokenHash);
    const account = live && (await this.db.selectFrom('users').select('email').where('id', '=', live.user_id).executeTakeFirst());
    if (!account) throw await this.refusal(tokenHash);
    return { email: account.email };
  }

  /**
   * Sets the password of the link's account, uses up the link and every
   * other live link of the account, ends all its sessions and signs the
   * confirmer in with a new one (returned). A link that is not live changes
   * nothing and is refused with `reset_link_invalid`.
   *
   * The link is marked used by one update that only a live link matches, so
   * of two confirmations at once exactly one succeeds; the password and the
   * sessions change in the same transaction.
   */
  async confirm(token: string, password: string): Promise<{ userId: string; sessionToken: string }> {
    const tokenHash = hashToken(token);
    const live = await this.liveReset(tokenHash);
    if (!live) throw await this.refusal(tokenHash);
    // Hashing is slow, so it happens only for a link that looked live, and before the transaction.
    const passwordHash = await hashPassword(password);
    const now = this.now();
    const changed = await this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      // Another confirmation took it since the check above (or it just expired).
      if (Number(used.numUpdatedRows) !== 1) return false;
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', live.user_id).execute();
      await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', live.user_id)
        .where('used_at', 'is', null)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', live.user_id).execute();
      return true;
    });
    if (!changed) throw await this.refusal(tokenHash);
    const { token: sessionToken, session } = await this.sessions.create(live.user_id);
    // The sessions are gone already; this announces it, so open sockets of the old ones close.
    await this.sessions.invalidateUser(live.user_id, session.id);
    return { userId: live.user_id, sessionToken };
  }

  private liveReset(tokenHash: string) {
    return this.db
      .selectFrom('password_resets')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
  }

  /** Why a link is refused, in words the page can show; one code for all, as the page offers the same way out. */
  private async refusal(tokenHash: string): Promise<AppError> {
    const row = await this.db.selectFrom('password_resets').select(['used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
    return new AppError('reset_link_invalid', resetLinkRefusals[!row ? 'unknown' : row.used_at !== null ? 'used' : 'expired']);
  }
}

/** The stored form of a token: its SHA-256, in hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
