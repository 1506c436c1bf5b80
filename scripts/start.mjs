// `npm start`: build the client once if it has not been built, then run the
// server from its TypeScript source in this same process (tsx's loader), so
// SIGTERM reaches the server directly and it can flush before exiting.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/client/index.html`)) {
  console.log('Building the client (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: `${root}vite.config.ts`, logLevel: 'warn' });
}
register();
await import('../server/main.ts');
