import { Hono } from 'hono';
import type { Domain } from '../../domain';
import type { AppEnv } from '../../http/env';

/** The signed-in person's own data: the download of everything kept about them, and deleting the account. */
export function accountDataRoutes(_domain: Domain): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
