import type { SelectQueryBuilder, StringReference } from 'kysely';
import type { PageQuery } from '../../shared/schemas/common';
import { badRequest } from '../errors';

/**
 * Keyset pagination, the one way every list is bounded. Lists are ordered by
 * (time, id); a cursor is the key of the last row sent, and the next page
 * starts strictly after it. Unlike an offset, rows added meanwhile neither
 * shift nor repeat what the client already has, and ties in time are broken
 * by the id.
 */
export interface PageKey {
  at: number;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const cursorPattern = /^(\d{1,15})\.([a-z2-7]{16,40})$/;

/** Where the requested page starts, or null for the first page. */
export function pageStart(page: PageQuery): PageKey | null {
  if (page.cursor === undefined) return null;
  const match = cursorPattern.exec(page.cursor);
  if (!match?.[1] || !match[2]) {
    throw badRequest('Invalid query. cursor: Not a cursor from this list', { cursor: 'Not a cursor from this list' });
  }
  return { at: Number(match[1]), id: match[2] };
}

/**
 * The page out of rows fetched with `limit + 1`: the extra row is not sent,
 * it only tells that a next page exists.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => PageKey): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = keyOf(items[items.length - 1]!);
  return { items, nextCursor: `${last.at}.${last.id}` };
}

/**
 * Restricts a query to one page: rows after the cursor's key, ordered by
 * (time, id), one more than the limit (see toPage).
 */
export function selectPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageQuery,
  at: StringReference<DB, TB>,
  id: StringReference<DB, TB>,
): SelectQueryBuilder<DB, TB, O> {
  const after = pageStart(page);
  return query
    .$if(after !== null, (qb) =>
      qb.where(({ eb, refTuple, tuple }) => eb(refTuple(at, id), '>', tuple(after!.at as never, after!.id as never))),
    )
    .orderBy(at)
    .orderBy(id)
    .limit(page.limit + 1);
}
