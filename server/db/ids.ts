import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** A random, URL-safe id: 20 bytes of entropy for secrets, 10 for row ids. */
export function newId(bytes = 10): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}
