import type { Kysely } from 'kysely';
import type { LoginBody, PasswordChangeBody, SignupBody, User } from '../../../shared/schemas/auth';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';
import { AppError, badRequest } from '../../errors';
import { hashPassword, needsRehash, verifyNobodysPassword, verifyPassword } from './password';
import type { Principal } from './principal';
import { presentUser } from './presenter';
import type { Sessions } from './sessions';

/** A user who just signed in, and the token of their new session (for the cookie). */
export interface SignedIn {
  user: User;
  token: string;
}

/**
 * Accounts: sign-up, sign-in and password change. Every way in creates a new
 * session, never reuses the one the request came with, so a session id planted
 * in a browser before sign-in (session fixation) never becomes a signed-in one.
 * Emails arrive normalised by the shared schema (trimmed, lower case).
 */
export class Accounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sessions: Sessions,
  ) {}

  async signup(body: SignupBody): Promise<SignedIn> {
    if (await this.findByEmail(body.email)) throw emailTaken();
    const user = { id: newId(), email: body.email, name: body.name };
    const passwordHash = await hashPassword(body.password);
    try {
      await this.db
        .insertInto('users')
        .values({ ...user, password_hash: passwordHash, created_at: Date.now() })
        .execute();
    } catch (err) {
      // Two sign-ups with one email at the same moment: the unique index decides.
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    const { token } = await this.sessions.create(user.id);
    return { user: presentUser(user), token };
  }

  /**
   * Unknown email and wrong password fail alike, in message and in time (an
   * unknown email still costs one hash verification).
   */
  async login(body: LoginBody): Promise<SignedIn> {
    const row = await this.findByEmail(body.email);
    const matches = row
      ? await verifyPassword(row.password_hash, body.password)
      : await verifyNobodysPassword(body.password);
    if (!row || !matches) {
      throw new AppError('invalid_credentials', 'That email and password do not match an account.');
    }
    if (needsRehash(row.password_hash)) {
      // The parameters were raised since this hash was made; the password is at hand now.
      const passwordHash = await hashPassword(body.password);
      await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.id).execute();
    }
    const { token } = await this.sessions.create(row.id);
    return { user: presentUser(row), token };
  }

  /**
   * Sets a new password and ends every session of the user, the asking one
   * included: whoever else held a session (a stolen one, another device) is
   * out at once, also on open sockets, and the asker continues on a new session.
   */
  async changePassword(principal: Principal, body: PasswordChangeBody): Promise<SignedIn> {
    const userId = principal.user.id;
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    if (!row || !(await verifyPassword(row.password_hash, body.currentPassword))) {
      // 400, not 401: the asker is signed in, only the form is wrong.
      throw badRequest('The current password is not correct.', { currentPassword: 'Not your current password' });
    }
    const passwordHash = await hashPassword(body.newPassword);
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    const { token, session } = await this.sessions.create(userId);
    await this.sessions.invalidateUser(userId, session.id);
    return { user: presentUser(principal.user), token };
  }

  private findByEmail(email: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirst();
  }
}

function emailTaken(): AppError {
  return new AppError('email_taken', 'An account with this email exists already. Sign in instead.', {
    fields: { email: 'Already has an account' },
  });
}

/** A unique-index violation, as SQLite (better-sqlite3) and PostgreSQL (pg) report it. */
function isUniqueViolation(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
