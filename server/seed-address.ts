import type { Config } from './config';

/**
 * Where a person opens the app that `npm start` serves with this
 * configuration: APP_ORIGIN when set (the public URL, behind a proxy or
 * not), else this machine at PORT. A server listening on every interface is
 * reached as localhost; one bound to an address, at that address. PORT=0
 * picks a free port at start, which nobody can know beforehand: null.
 */
export function appAddress(config: Pick<Config, 'appOrigin' | 'host' | 'port'>): string | null {
  if (config.appOrigin) return config.appOrigin;
  if (config.port === 0) return null;
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const host = everywhere ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
