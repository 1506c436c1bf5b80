/**
 * A waiting image's id names its uploader, so that others can be told whose
 * device it waits on: `<userId>.<random>`. It is a local handle, not a
 * secret: it only ever travels inside the group's own document.
 */
export function pendingUploadId(userId: string, random: string = crypto.randomUUID()): string {
  return `${userId}.${random}`;
}

/** The uploader's user id in a waiting image's id, or null for an id of another shape. */
export function pendingUploader(id: string): string | null {
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : null;
}

/** Formats the server accepts (shared/schemas/files.ts); others are refused here at once, with the same words. */
export const acceptedImageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** The only images a figure shows: files of this product (never another site's address, which the page's policy blocks anyway). */
export function isStoredFileSrc(src: unknown): src is string {
  return typeof src === 'string' && /^\/api\/files\/[A-Za-z0-9_-]{1,64}$/.test(src);
}
