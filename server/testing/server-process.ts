import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../sync/test-clients';
import { builtServerArgs } from './built-server';
import { testMetricsToken } from './server-metrics';

/**
 * A server as its own process, built as `npm start` runs it
 * (built-server.ts), for what an in-process server cannot show: SIGKILL,
 * SIGTERM, several instances.
 */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts one on a free loopback port with `env` added; resolves once /api/health answers. */
export async function spawnServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, await builtServerArgs(), {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS_TOKEN: testMetricsToken, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the server process to answer /api/health',
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
      return fetch(`${url}/api/health`).then(
        (res) => res.ok,
        () => false,
      );
    },
    // Booting (migrations) takes a second or more, and several times that on a busy machine.
    90_000,
  );
  return { child, url };
}

/** A port nothing listens on right now, for a process that must be told its port before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
