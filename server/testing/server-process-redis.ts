import { spawn } from 'node:child_process';
import { waitFor } from '../sync/test-clients';

/**
 * The Redis of TEST_REDIS_URL stopped and started again, as CI runs it
 * (loopback, nothing written to disk), for the tests of several instances
 * riding out an outage.
 */

/** Stops Redis (SHUTDOWN NOSAVE), runs `meanwhile`, starts it again, and waits until it answers. */
export async function restartRedis(meanwhile: () => Promise<void>): Promise<void> {
  const { host, port } = redisAddress();
  await run('redis-cli', ['-h', host, '-p', port, 'shutdown', 'nosave']).catch(() => {});
  await waitFor('Redis to stop', async () => !(await ping(host, port)), 10_000);
  try {
    await meanwhile();
  } finally {
    await run('redis-server', ['--daemonize', 'yes', '--bind', host, '--port', port, '--save', '']);
    await waitFor('Redis to answer', () => ping(host, port), 10_000);
  }
}

function redisAddress(): { host: string; port: string } {
  const url = new URL(process.env.TEST_REDIS_URL!);
  return { host: url.hostname, port: url.port || '6379' };
}

function ping(host: string, port: string): Promise<boolean> {
  return run('redis-cli', ['-h', host, '-p', port, 'ping']).then(
    (out) => out.trim() === 'PONG',
    () => false,
  );
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}`))));
  });
}
