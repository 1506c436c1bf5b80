import { z } from 'zod';

/** Ids are random lowercase base32 strings; anything else is not one of ours. */
export const id = z.string().regex(/^[a-z2-7]{16,32}$/, 'Not a valid id');

/** A display name or title: trimmed, not empty, no control characters. */
export const title = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Required')
    .max(max, `At most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'No control characters');

/** `?limit=&cursor=` on every list; lists are never unbounded. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** Milliseconds since the epoch, as every timestamp in the API. */
export const timestamp = z.number().int();
