import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { AppEnv } from './env';

/**
 * Where `vite build` puts the client (vite.config.ts). CLIENT_DIST points
 * elsewhere (`vite build --outDir <dir>`), so that several checkouts' end-to-end
 * runs on one machine do not overwrite each other's build.
 */
export const clientDist = process.env.CLIENT_DIST ? resolve(process.env.CLIENT_DIST) : join(packageRoot(import.meta.dirname), 'dist/client');

/**
 * The nearest folder at or above `from` holding a package.json: the same
 * folder whether the server runs from its source (server/http/) or from its
 * build (dist/server/, scripts/build-server.mjs).
 */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}: the server runs outside its package.`);
  }
}

/**
 * Serves the built client: files by path, and index.html for every other page
 * route so that the client's router can take over (/docs/..., /invite/...).
 */
export function clientAssets(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const indexPath = join(clientDist, 'index.html');
  const root = relative(process.cwd(), clientDist);

  // Unknown API and socket paths stay JSON 404s, never the app's page.
  const isServerPath = (path: string) => path.startsWith('/api/') || path.startsWith('/ws/');

  if (!existsSync(indexPath)) {
    return app.get('*', (c) =>
      isServerPath(c.req.path)
        ? c.notFound()
        : c.text('The client is not built yet: run `npm run build` (npm start does it for you).', 503),
    );
  }
  const indexHtml = readFileSync(indexPath, 'utf8');
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
    if (isServerPath(c.req.path)) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml);
  });
  return app;
}
