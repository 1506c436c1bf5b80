import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../server/sync/test-clients';
import { builtServerArgs } from '../server/testing/built-server';
import { freePort } from '../server/testing/server-process';
import { createTestDoc, startTestServer, type TestUser } from '../server/testing/test-server';
import { testMetricsToken } from '../server/testing/server-metrics';

/**
 * The servers the side-by-side bench drives, each as its own
 * process so that its CPU time and peak RSS are its own and a restart is a
 * real one: Commonplace (durable on SQLite, as `npm start` runs it), the
 * classic y-websocket server and Hocuspocus, both in memory, and Hocuspocus
 * with its SQLite extension. Every process runs with --expose-gc and the
 * memory probe, so heap figures are taken after a full collection in all.
 */
export type ServerKind = 'commonplace' | 'y-websocket' | 'hocuspocus' | 'hocuspocus-sqlite';

export const serverKinds: readonly ServerKind[] = ['commonplace', 'y-websocket', 'hocuspocus', 'hocuspocus-sqlite'];

export const serverLabels: Record<ServerKind, string> = {
  commonplace: 'Commonplace (SQLite, durable)',
  'y-websocket': 'y-websocket 2 (memory)',
  hocuspocus: 'Hocuspocus 4 (memory)',
  'hocuspocus-sqlite': 'Hocuspocus 4 (SQLite)',
};

/** How the bench talks to a server: the y-websocket protocol, or Hocuspocus's own provider. */
export type ClientProtocol = 'y-websocket' | 'hocuspocus';

export interface ServerOptions {
  /** Documents to make ready (Commonplace needs rows and memberships; peers take any name). */
  docs: number;
  /** Environment added to the server's (e.g. DOC_UNLOAD_DELAY_MS for Commonplace). */
  env?: Record<string, string>;
  /** y-websocket only: store on LevelDB (YPERSISTENCE) instead of memory, for the cold-load scenario. */
  persistent?: boolean;
}

export interface ProcessUsage {
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** Peak RSS since start or the last resetPeak(). */
  peakRssBytes: number;
}

export interface ServerUnderTest {
  kind: ServerKind;
  label: string;
  protocol: ClientProtocol;
  /** The URL a client connects to: ws://host:port (y-websocket and Commonplace append `/ws`). */
  socketUrl: string;
  /** The names of the prepared documents (Commonplace: document ids). */
  docNames: string[];
  /** The folder holding the server's storage (Commonplace: commonplace.db), for reading it afterwards. */
  storageDir: string;
  /** The Cookie header a client sends (Commonplace: a member's session), round-robin over the members. */
  cookieFor(clientIndex: number): string | undefined;
  pid(): number;
  usage(): ProcessUsage;
  /** Starts peak RSS afresh (Linux clear_refs), so a scenario's peak is its own. */
  resetPeak(): void;
  /** process.memoryUsage() of the server after a full garbage collection. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** SIGTERM (each server flushes its storage on it), then the same server on the same storage again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const probe = join(root, 'bench/peers/memory-probe.cjs');
/** Members per Commonplace document: clients take their sessions round-robin, as several tabs of a few people. */
const commonplaceMembers = 10;

export async function startServerUnderTest(kind: ServerKind, options: ServerOptions): Promise<ServerUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const setup = kind === 'commonplace' ? await seedCommonplace(dir, options.docs) : peerSetup(kind, dir, options);
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...setup.env, ...options.env };
  let child = await launch(setup.args, env, `http://127.0.0.1:${port}${setup.readyPath}`);

  return {
    kind,
    label: serverLabels[kind],
    protocol: kind === 'commonplace' || kind === 'y-websocket' ? 'y-websocket' : 'hocuspocus',
    socketUrl: `ws://127.0.0.1:${port}${kind === 'commonplace' ? '/ws' : ''}`,
    docNames: setup.docNames,
    storageDir: dir,
    cookieFor: (clientIndex) => setup.cookies[clientIndex % Math.max(1, setup.cookies.length)],
    pid: () => child.pid!,
    usage: () => processUsage(child.pid!),
    resetPeak: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    memory: () => askMemory(child),
    restart: async () => {
      await terminate(child);
      child = await launch(setup.args, env, `http://127.0.0.1:${port}${setup.readyPath}`);
    },
    stop: async () => {
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Setup {
  args: string[];
  env: Record<string, string>;
  readyPath: string;
  docNames: string[];
  cookies: string[];
}

/** Users, sessions and documents, made through a short-lived in-process server on the file the process will use. */
async function seedCommonplace(dir: string, docs: number): Promise<Setup> {
  const file = join(dir, 'commonplace.db');
  const seed = await startTestServer({ DATABASE_URL: `sqlite:${file}` });
  const members: TestUser[] = [];
  for (let i = 0; i < commonplaceMembers; i++) members.push(await seed.createUser(`Member ${i + 1}`));
  const docNames: string[] = [];
  for (let i = 0; i < docs; i++) {
    const { docId } = await createTestDoc(seed, members.map((member) => ({ member, role: 'member' as const })));
    docNames.push(docId);
  }
  await seed.close();
  return {
    args: await builtServerArgs(),
    env: { DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn', METRICS_TOKEN: testMetricsToken },
    readyPath: '/api/health',
    docNames,
    cookies: members.map((member) => member.cookie),
  };
}

function peerSetup(kind: Exclude<ServerKind, 'commonplace'>, dir: string, options: ServerOptions): Setup {
  const docNames = Array.from({ length: options.docs }, (_, i) => `bench-doc-${i}`);
  if (kind === 'y-websocket') {
    const env: Record<string, string> = options.persistent ? { YPERSISTENCE: join(dir, 'leveldb') } : {};
    return { args: ['bench/peers/y-websocket-server.mjs'], env, readyPath: '/', docNames, cookies: [] };
  }
  const env: Record<string, string> = kind === 'hocuspocus-sqlite' ? { HOCUSPOCUS_SQLITE: join(dir, 'hocuspocus.db') } : {};
  return { args: ['bench/peers/hocuspocus-server.mjs'], env, readyPath: '/', docNames, cookies: [] };
}

async function launch(args: string[], env: NodeJS.ProcessEnv, readyUrl: string): Promise<ChildProcess> {
  // BENCH_CPU_PROFILE=<folder>: each server writes a V8 CPU profile there as it exits (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...profile, '--require', probe, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(
    `${args.at(-1)} to answer ${readyUrl}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
      return fetch(readyUrl).then(
        () => true,
        () => false,
      );
    },
    60_000,
  );
  return child;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

function askMemory(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not answer the memory probe')), 30_000);
    const onMessage = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('memory' in message)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve((message as { memory: NodeJS.MemoryUsage }).memory);
    };
    child.on('message', onMessage);
    child.send('memory');
  });
}

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const clockTicks = 100;

/** CPU time and RSS of a process, from /proc (proc(5): stat fields 14 utime and 15 stime; status VmRSS, VmHWM). */
export function processUsage(pid: number): ProcessUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields are counted after its closing parenthesis (field 3 is first).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { cpuSeconds: ticks / clockTicks, rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}
