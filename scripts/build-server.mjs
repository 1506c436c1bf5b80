// Builds the server into plain JavaScript (dist/server/main.js), which
// `npm start`, `npm run serve` and every server the tests and benches run
// as a process execute: Node loads one bundle of the project's own code
// instead of compiling TypeScript through a loader at each start, which
// costs seconds of boot and keeps a compiler's memory in the process.
// Dependencies stay in node_modules, imported as they are. The worker that
// reads Word files is copied beside the bundle, where it is looked up.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverOut = join(root, 'dist/server');

/**
 * The Node flags the server runs under, in `npm start`, `npm run serve`
 * (package.json, checked by server/node-flags.test.ts), the tests' server
 * processes and the bench. V8 lets the young generation grow to 16 MB per
 * semi-space (32 MB in all) under a steady stream of short-lived messages,
 * and keeps it: 8 MB holds a sync server's garbage as well (the same trace
 * replay time) for about 14 MB less peak RSS under load.
 */
export const serverNodeFlags = ['--max-semi-space-size=8'];

/** Builds into `outdir` (somewhere inside the package, so the server finds dist/client) and answers the entry file. */
export async function buildServer(outdir = serverOut) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'server/main.ts')],
    outdir,
    bundle: true,
    // Modules the server loads late (templates, the editor schema) stay chunks of their own, loaded when first needed.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'server/features/import/docx-worker.mjs'), join(outdir, 'docx-worker.mjs'));
  // esbuild builds in a child process of its own, which would otherwise live as long as the server.
  await stop();
  return join(outdir, 'main.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
