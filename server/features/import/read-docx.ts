import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors';

/**
 * Runs mammoth on a Word file in a worker thread with a memory limit and a
 * time limit: the converter is a large piece of code reading hostile input,
 * so a file that makes it loop, recurse or allocate without end costs one
 * worker, which is stopped, and the importer is told the file could not be
 * read. At most `concurrent` conversions run at once; more are told to try
 * again shortly, so that a burst of imports cannot take every core.
 */
export interface ReadLimits {
  /** Stopped after this long. */
  timeMs: number;
  /** The worker's heap. */
  memoryMb: number;
  concurrent: number;
}

export const defaultReadLimits: ReadLimits = { timeMs: 10_000, memoryMb: 256, concurrent: 2 };

const workerFile = new URL('./docx-worker.mjs', import.meta.url);
let running = 0;

const unreadable = (why: string) => new AppError('unreadable_file', `This Word file could not be read ${why}; try saving it again, or splitting it.`);

/** The HTML mammoth makes of the file. */
export async function docxToHtml(bytes: Uint8Array, limits: ReadLimits = defaultReadLimits): Promise<string> {
  if (running >= limits.concurrent) throw new AppError('rate_limited', 'Other Word files are being imported right now; try again in a moment.', { retryAfterSeconds: 5 });
  running++;
  try {
    return await convert(bytes, limits);
  } finally {
    running--;
  }
}

function convert(bytes: Uint8Array, limits: ReadLimits): Promise<string> {
  const copy = new Uint8Array(bytes);
  const worker = new Worker(workerFile, {
    workerData: { bytes: copy },
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, limits.memoryMb / 4), stackSizeMb: 4 },
    stdout: true,
    stderr: true,
  });
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(unreadable('in time'))), limits.timeMs);
    worker.on('message', (message: { html?: unknown; error?: unknown }) =>
      settle(() => (typeof message.html === 'string' ? resolve(message.html) : reject(unreadable('(it seems damaged)')))),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? unreadable('within the memory allowed') : unreadable('(it seems damaged)'))),
    );
    worker.on('exit', () => settle(() => reject(unreadable('(the reader stopped)'))));
  });
}
