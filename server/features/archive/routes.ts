import { Hono } from 'hono';
import type { Domain } from '../../domain';
import type { AppEnv } from '../../http/env';

/** Archive, restore and delete for good; a course's audit log. */
export function archiveRoutes(_domain: Domain): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
