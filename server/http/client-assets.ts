import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AppEnv } from './env';

/** Where `vite build` puts the client (vite.config.ts). */
export const clientDist = join(import.meta.dirname, '../../dist/client');

/**
 * Serves the built client: files by path, and index.html for every other page
 * route so that the client's router can take over (/docs/..., /invite/...).
 */
export function clientAssets(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const indexPath = join(clientDist, 'index.html');
  const root = relative(process.cwd(), clientDist);

  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        // Vite fingerprints everything under assets/: cache it for good.
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root }));
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/ws/')) return c.notFound();
    if (!existsSync(indexPath)) {
      return c.text('The client is not built yet: run `npm run build` (npm start does it for you).', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
  return app;
}
