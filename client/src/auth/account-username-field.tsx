import { useSession } from './session';

/**
 * An account's email, hidden, for a form that sets or asks for its password:
 * a password manager then fills, or updates, the password it keeps for this
 * account, rather than guessing or saving a new one with no name.
 */
export function UsernameField({ email }: { email: string }) {
  return <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />;
}

/** The signed-in account's UsernameField. */
export function AccountUsernameField() {
  const account = useSession().data;
  return account ? <UsernameField email={account.email} /> : null;
}
