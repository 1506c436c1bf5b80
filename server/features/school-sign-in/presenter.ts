import type { Identity } from '../../../shared/schemas/school-sign-in';
import { identityId, type IdentityRow } from './identities';

/** An identity as settings show it: picked fields, never the issuer and subject themselves. */
export function presentIdentity(row: IdentityRow, providerName: string): Identity {
  return {
    id: identityId(row),
    kind: row.kind,
    provider: row.provider,
    providerName,
    email: row.email,
    createdAt: row.created_at,
  };
}
