// Converts one Word file to HTML with mammoth, inside a worker thread that the
// server starts with memory limits and stops at its time limit
// (read-docx.ts): a file that makes mammoth run long or grow large costs
// that worker, never the server. Plain JavaScript, so that it runs as it is
// under tsx, Vitest and Node alike.
import { parentPort, workerData } from 'node:worker_threads';
import mammoth from 'mammoth';

const styleMap = [
  // Word's underline and strikethrough are kept as marks the editor has.
  'u => u',
  'strike => s',
];

mammoth
  .convertToHtml({ buffer: Buffer.from(workerData.bytes) }, { styleMap })
  .then(
    (result) => parentPort.postMessage({ html: result.value }),
    (error) => parentPort.postMessage({ error: String(error?.message ?? error).slice(0, 200) }),
  );
