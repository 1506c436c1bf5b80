import { AppError } from '../../errors';

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The file is larger than ${Math.floor(maxBytes / 1024 / 1024) || maxBytes} ${maxBytes >= 1024 * 1024 ? 'MiB' : 'bytes'}, the most one upload may carry.`);

/**
 * An upload's raw bytes, at most `maxBytes`. A declared Content-Length over
 * the limit is refused before anything is read; otherwise the body is read
 * as it arrives and reading stops at the first byte past the limit, so a
 * huge (or endless) body costs no more than the limit.
 */
export async function readUpload(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const body = request.body;
  if (!body) throw new AppError('bad_request', 'Send the file as the request body.');
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (total === 0) throw new AppError('bad_request', 'The file is empty.');
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
