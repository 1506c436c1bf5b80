import { fileResponse, type StoredFile } from '../../../../shared/schemas/files';
import { ApiError, errorFromResponse } from '../../api/api-error';

/**
 * Sends an image's bytes as the request body (not multipart): the server
 * reads the format from the content and answers the stored, cleaned file.
 * No connection rejects with a `network` ApiError, which keeps the image
 * waiting; a refusal (415, 413, 400, 403) rejects with the server's message.
 */
export async function uploadImage(docId: string, file: Blob): Promise<StoredFile> {
  let response: Response;
  try {
    response = await fetch(`/api/docs/${encodeURIComponent(docId)}/files`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server.');
  }
  if (!response.ok) throw await errorFromResponse(response);
  const parsed = fileResponse.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', 'The server answered the upload with something unexpected.');
  return parsed.data.file;
}

/** Whether a failed upload should wait and be tried again (no connection, the server down) rather than be given up. */
export function uploadCanWait(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 429;
}

/** What to tell the person whose image was refused. */
export function refusalMessage(error: unknown, name: string): string {
  const reason = error instanceof ApiError ? error.message : 'Something went wrong.';
  return `“${name}” was not added: ${reason}`;
}
