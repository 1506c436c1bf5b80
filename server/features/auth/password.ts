import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Password hashing with argon2id at OWASP's first recommended setting
 * (cheatsheetseries.owasp.org, Password Storage: m=19456 KiB, t=2, p=1).
 * The hash is a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), so it
 * carries its own salt and parameters and older hashes stay verifiable after
 * the parameters change.
 */
export const passwordHashing = {
  // The package's Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashing);
}

/**
 * Whether `password` matches `stored`. A stored value that is not a valid hash
 * (an account made without a password, a corrupted row) matches nothing,
 * after as long as a real verification takes.
 */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return verifyNobodysPassword(password);
  }
}

/** Whether a hash was made with other parameters than today's, so it should be redone at the next login. */
export function needsRehash(stored: string): boolean {
  try {
    const used = parseOptions(stored);
    return (
      used.algorithm !== passwordHashing.algorithm ||
      used.memoryCost !== passwordHashing.memoryCost ||
      used.timeCost !== passwordHashing.timeCost ||
      used.parallelism !== passwordHashing.parallelism
    );
  } catch {
    return false;
  }
}

/**
 * The hash of a random password nobody knows, made with `passwordHashing`
 * (password.test.ts checks that it still matches them).
 */
export const nobodysHash = '$argon2id$v=19$m=19456,t=2,p=1$LUc2zd09iO/CTqC7X5fTSw$3QvhiNZp5LVxf89e1GRH9JlAeT229dhcNQ6Qd9oND3g';

/**
 * Spends the time of one verification when there is no account to verify
 * against, so that an unknown email answers as slowly as a wrong password and
 * response times do not reveal who has an account.
 */
export async function verifyNobodysPassword(password: string): Promise<false> {
  await verify(nobodysHash, password);
  return false;
}
