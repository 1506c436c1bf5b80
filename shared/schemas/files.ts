import { z } from 'zod';
import { id, timestamp } from './common';

/**
 * Files uploaded into a document. Only images, read from their content, never
 * from the name or the declared type; SVG is refused (it can carry script).
 */
export const imageMediaTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof imageMediaTypes)[number];

/** The address a stored file is read from, with the rights of its document's group. */
export const filePath = (fileId: string) => `/api/files/${fileId}`;

/** `/api/files/<id>` (optionally after a web origin) as that path; anything else is no file of this product. */
export function productFilePath(src: string | null): string | null {
  const match = src === null ? null : /^(?:https?:\/\/[^/?#\s]+)?(\/api\/files\/[A-Za-z0-9_-]{1,64})$/.exec(src);
  return match ? match[1]! : null;
}

export const storedFile = z.object({
  id,
  docId: id,
  mediaType: z.enum(imageMediaTypes),
  byteSize: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** `filePath(id)`: what an image node's `src` holds. */
  src: z.string(),
  createdAt: timestamp,
});
export type StoredFile = z.infer<typeof storedFile>;

export const fileResponse = z.object({ file: storedFile });
export type FileResponse = z.infer<typeof fileResponse>;
