import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { resetPagePath } from '../features/auth/password-reset';
import type { AppEnv } from './env';

const resetPagePrefix = resetPagePath('');

/**
 * A request's path as logs write it. A password reset link's token opens its
 * account to whoever holds it, for an hour, so it is never written: storage
 * keeps only its hash for the same reason. The link's page is fetched from
 * the server when it is opened from the mail, so its path would otherwise
 * reach the log on every reset.
 */
export function loggedPath(path: string): string {
  return path.startsWith(resetPagePrefix) ? `${resetPagePrefix}:token` : path;
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
