import { useSession } from './session';

/**
 * The signed-in account's email, hidden, for a form that asks for its
 * password: a password manager then fills, or updates, the password it keeps
 * for this account, rather than guessing or saving a new one with no name.
 */
export function AccountUsernameField() {
  const account = useSession().data;
  return account ? <input type="email" name="username" autoComplete="username" value={account.email} readOnly hidden /> : null;
}
