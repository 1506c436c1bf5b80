// `npm start`: build the client once if it has not been built, build the
// server into JavaScript (about a second, at every start, so that it is
// never older than its source), then run it in this same process, so that
// SIGTERM reaches the server directly and it can flush before exiting.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildServer } from './build-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/client/index.html`)) {
  console.log('Building the client (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: `${root}vite.config.ts`, logLevel: 'warn' });
}
await import(await buildServer());
