import type { Context } from 'hono';
import type { User } from '../../shared/schemas/auth';
import { unauthenticated } from '../errors';

export interface SessionInfo {
  id: string;
  userId: string;
  createdAt: number;
  lastVerifiedAt: number;
}

export interface Principal {
  user: User;
  session: SessionInfo;
}

/** What middleware puts on the Hono context for the handlers after it. */
export type AppEnv = {
  Variables: {
    /** The signed-in user and session, or null. */
    principal: Principal | null;
    /** The client's address, for rate limits (X-Forwarded-For only with TRUST_PROXY). */
    clientAddress: string;
  };
};

export type AppContext = Context<AppEnv>;

/** The signed-in principal, or a 401. */
export function requirePrincipal(c: AppContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthenticated();
  return principal;
}
