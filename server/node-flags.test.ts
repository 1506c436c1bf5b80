import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../scripts/build-server.mjs';

/**
 * The server's Node flags are written twice: in scripts/build-server.mjs,
 * which the tests' server processes and the bench use, and in the npm
 * scripts that run it, which cannot import them. They must not drift apart,
 * or the bench would measure a server that `npm start` does not run.
 */
describe('the Node flags the server runs under', () => {
  const scripts = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['start', 'serve'])('are those of `npm %s`', (name) => {
    const command = scripts[name]!;
    expect(command.startsWith(`node ${serverNodeFlags.join(' ')} `)).toBe(true);
  });
});
