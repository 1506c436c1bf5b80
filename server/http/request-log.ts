import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { resetPagePath } from '../features/auth/password-reset';
import { unsubscribePath } from '../features/mail/unsubscribe-token';
import type { AppEnv } from './env';

/**
 * Paths whose next segment is a secret that acts for whoever holds it, and
 * the name logs write in its place. A password reset token opens its
 * account for an hour; an invite code makes its holder a member of the
 * group; an unsubscribe token turns a person's mail off. Storage keeps
 * reset tokens only as hashes for that reason, and logs are read by more
 * people than the database. Each can arrive in a request's path: the
 * reset and invite pages are fetched from the server when opened from a
 * mail or a pasted link, and the API takes invite codes and unsubscribe
 * tokens in its paths.
 */
const secretSegments: readonly { prefix: string; name: string }[] = [
  { prefix: resetPagePath(''), name: ':token' },
  { prefix: '/invite/', name: ':code' },
  { prefix: '/api/invites/', name: ':code' },
  { prefix: unsubscribePath(''), name: ':token' },
];

/** A request's path as logs write it: any secret segment (above) replaced by its name, the rest as it came. */
export function loggedPath(path: string): string {
  for (const { prefix, name } of secretSegments) {
    if (!path.startsWith(prefix)) continue;
    const end = path.indexOf('/', prefix.length);
    return prefix + name + (end === -1 ? '' : path.slice(end));
  }
  return path;
}

/** One log line per request: method, path (loggedPath), status and time taken; health checks and scrapes only at debug level. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const { path } = c.req;
    const line = { method: c.req.method, path: loggedPath(path), status: c.res.status, ms: Math.round(performance.now() - started) };
    if (path === '/api/health' || path === '/metrics') logger.debug(line, 'request');
    else logger.info(line, 'request');
  };
}
