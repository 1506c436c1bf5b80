import type { Kysely } from 'kysely';
import type { PageQuery } from '../../../shared/schemas/common';
import type { MarkReadBody, NotificationItem, NotificationsResponse } from '../../../shared/schemas/notification-inbox';
import { pageStart, toPage } from '../../db/page-cursor';
import type { Database } from '../../db/schema';

/**
 * A member's notification inbox: only ever their own rows. Newest first,
 * paged by (time, id) like every list but walking backwards: a cursor is the
 * key of the last (oldest) item sent, and the next page is older. Marking
 * read also settles mail: the mail worker never sends a read notification.
 */
export class Inbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async list(userId: string, page: PageQuery): Promise<NotificationsResponse> {
    const after = pageStart(page);
    const rows = await this.db
      .selectFrom('notifications')
      .select(['id', 'kind', 'text', 'link', 'created_at', 'read_at'])
      .where('user_id', '=', userId)
      .$if(after !== null, (qb) =>
        qb.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(after!.at, after!.id))),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const { items, nextCursor } = toPage(rows, page.limit, (row) => ({ at: Number(row.created_at), id: row.id }));
    return { items: items.map(present), nextCursor, unread: await this.unread(userId) };
  }

  /** Marks the caller's notifications read (ids of others' are ignored: nothing tells them apart from unknown ones). */
  async markRead(userId: string, which: MarkReadBody): Promise<number> {
    await this.db
      .updateTable('notifications')
      .set({ read_at: this.now() })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .$if('ids' in which, (qb) => qb.where('id', 'in', 'ids' in which ? which.ids : []))
      .execute();
    return this.unread(userId);
  }

  async unread(userId: string): Promise<number> {
    const { count } = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(count);
  }
}

function present(row: { id: string; kind: NotificationItem['kind']; text: string; link: string; created_at: number; read_at: number | null }): NotificationItem {
  return { id: row.id, kind: row.kind, text: row.text, link: row.link, at: Number(row.created_at), read: row.read_at !== null };
}
