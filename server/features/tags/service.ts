import type { Kysely, Transaction } from 'kysely';
import { defaultTagNames, feedbackLimits } from '../../../shared/schemas/threads';
import { newId } from '../../db/ids';
import type { AnnotationTagRow, Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';

/**
 * A group's annotation tags: every group starts with the defaults,
 * made the first time its tags are asked for, and its instructors add,
 * rename and retire tags from there. A retired tag is kept (`archived_at`):
 * the annotations that carry it keep their tag, and its row also tells that
 * the group's set was made, so the defaults do not come back.
 */
export class Tags {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every tag of the group, retired ones included, oldest first (the defaults in their order). */
  async list(groupId: string): Promise<AnnotationTagRow[]> {
    const rows = await this.#select(this.db, groupId);
    if (rows.length > 0) return rows;
    await this.#seed(this.db, groupId);
    return this.#select(this.db, groupId);
  }

  /** A new tag; a retired one of the same name comes back instead. */
  async create(groupId: string, createdBy: string, name: string): Promise<AnnotationTagRow> {
    return this.db.transaction().execute(async (trx) => {
      await lockGroup(trx, groupId);
      await this.#seed(trx, groupId);
      const tags = await this.#select(trx, groupId);
      const same = tags.find((tag) => tag.name_key === nameKey(name));
      if (same && same.archived_at === null) throw conflict(`The tag "${same.name}" already exists.`);
      if (same) {
        await trx.updateTable('annotation_tags').set({ name, archived_at: null }).where('id', '=', same.id).execute();
        return { ...same, name, archived_at: null };
      }
      if (tags.length >= feedbackLimits.tagsPerGroup) {
        throw conflict(`A group has at most ${feedbackLimits.tagsPerGroup} tags, retired ones included.`);
      }
      const tag: AnnotationTagRow = {
        id: newId(),
        group_id: groupId,
        name,
        name_key: nameKey(name),
        created_by: createdBy,
        created_at: this.now(),
        archived_at: null,
      };
      await trx.insertInto('annotation_tags').values(tag).execute();
      return tag;
    });
  }

  async rename(groupId: string, tagId: string, name: string): Promise<AnnotationTagRow> {
    return this.db.transaction().execute(async (trx) => {
      await lockGroup(trx, groupId);
      const tags = await this.#select(trx, groupId);
      const tag = tags.find((t) => t.id === tagId);
      if (!tag) throw notFound('This tag');
      const other = tags.find((t) => t.id !== tagId && t.name_key === nameKey(name));
      if (other) throw conflict(`The tag "${other.name}" already exists${other.archived_at === null ? '' : ' (retired)'}.`);
      await trx.updateTable('annotation_tags').set({ name, name_key: nameKey(name) }).where('id', '=', tagId).execute();
      return { ...tag, name, name_key: nameKey(name) };
    });
  }

  /** Retires a tag: no new annotation can take it; those that have it keep it. */
  async archive(groupId: string, tagId: string): Promise<void> {
    const tag = await this.#find(this.db, groupId, tagId);
    if (!tag) throw notFound('This tag');
    if (tag.archived_at !== null) return;
    await this.db.updateTable('annotation_tags').set({ archived_at: this.now() }).where('id', '=', tagId).execute();
  }

  /** The tag an annotation is to carry: one of the group's, not retired; else a 400 on `tag`. */
  async requireUsable(db: Kysely<Database>, groupId: string, tagId: string): Promise<AnnotationTagRow> {
    const tag = await this.#find(db, groupId, tagId);
    if (!tag) throw badRequest('Invalid body. tag: Not one of the group tags', { tag: 'Not one of the group tags' });
    if (tag.archived_at !== null) {
      throw badRequest(`Invalid body. tag: "${tag.name}" is retired`, { tag: `"${tag.name}" is retired` });
    }
    return tag;
  }

  #find(db: Kysely<Database>, groupId: string, tagId: string) {
    return db.selectFrom('annotation_tags').selectAll().where('group_id', '=', groupId).where('id', '=', tagId).executeTakeFirst();
  }

  #select(db: Kysely<Database>, groupId: string) {
    return db
      .selectFrom('annotation_tags')
      .selectAll()
      .where('group_id', '=', groupId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /**
   * The defaults, if the group has never had a tag. Two first requests at once
   * both try; the unique name key lets one set through.
   */
  async #seed(db: Kysely<Database>, groupId: string): Promise<void> {
    const any = await db.selectFrom('annotation_tags').select('id').where('group_id', '=', groupId).limit(1).executeTakeFirst();
    if (any) return;
    const now = this.now();
    await db
      .insertInto('annotation_tags')
      .values(
        // One millisecond apart, so that oldest-first keeps the defaults in their order.
        defaultTagNames.map((name, i) => ({
          id: newId(),
          group_id: groupId,
          name,
          name_key: nameKey(name),
          created_by: null,
          created_at: now + i - defaultTagNames.length,
          archived_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['group_id', 'name_key']).doNothing())
      .execute();
  }
}

/** Tag names are one per group regardless of case and Unicode form. */
function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en');
}

/** Serialises changes to one group's tags (see lockMembership in groups/service.ts). */
async function lockGroup(trx: Transaction<Database>, groupId: string): Promise<void> {
  await trx
    .updateTable('groups')
    .set((eb) => ({ name: eb.ref('groups.name') }))
    .where('id', '=', groupId)
    .execute();
}
