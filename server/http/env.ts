import type { Context } from 'hono';
import { unauthenticated } from '../errors';
import type { Principal } from '../features/auth/principal';

export type { Principal };

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
