import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, serverNodeFlags } from '../../scripts/build-server.mjs';

const builds = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/test-builds');
let built: Promise<string> | null = null;

/**
 * The server as `npm start` runs it, built once per test process into a
 * folder of its own under dist/ (two test workers never write the same
 * files, and the server still finds the package's dist/client above it).
 * A test worker may be ended without an exit event, so each build first
 * removes the folders of processes that are gone.
 */
export function builtServerEntry(): Promise<string> {
  if (!built) {
    removeBuildsOfEndedProcesses();
    built = buildServer(join(builds, String(process.pid)));
  }
  return built;
}

function removeBuildsOfEndedProcesses(): void {
  let names: string[];
  try {
    names = readdirSync(builds);
  } catch {
    return;
  }
  for (const name of names) {
    if (!isRunning(Number(name))) rmSync(join(builds, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    // Signal 0 sends nothing: it only asks whether the process exists.
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The arguments to run the built server with Node as `npm start` does: its Node flags, then its entry file. */
export async function builtServerArgs(): Promise<string[]> {
  return [...serverNodeFlags, await builtServerEntry()];
}
