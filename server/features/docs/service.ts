import type { Kysely } from 'kysely';
import type { PageQuery } from '../../../shared/schemas/common';
import { newId } from '../../db/ids';
import { type Page, selectPage, toPage } from '../../db/page-cursor';
import type { Database, DocumentRow } from '../../db/schema';

/**
 * Documents as rows: title and place. Their content is the Yjs state kept by
 * the sync server (sync/); a new document starts empty there.
 */
export class Docs {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** `db` is a transaction when the document is part of a larger step (a team project). */
  async create(projectId: string, createdBy: string, title: string, db: Kysely<Database> = this.db): Promise<DocumentRow> {
    const now = this.now();
    const doc: DocumentRow = { id: newId(), project_id: projectId, title, created_by: createdBy, created_at: now, updated_at: now, archived_at: null, archived_by: null };
    await db.insertInto('documents').values(doc).execute();
    return doc;
  }

  /** The project's documents in use (archived ones are in the group's Archived view), oldest first. */
  async list(projectId: string, page: PageQuery): Promise<Page<DocumentRow>> {
    const query = this.db.selectFrom('documents').selectAll().where('project_id', '=', projectId).where('archived_at', 'is', null);
    const rows = await selectPage(query, page, 'created_at', 'id').execute();
    return toPage(rows, page.limit, (doc) => ({ at: doc.created_at, id: doc.id }));
  }

  async rename(doc: DocumentRow, title: string): Promise<DocumentRow> {
    const renamed = { ...doc, title, updated_at: this.now() };
    await this.db.updateTable('documents').set({ title, updated_at: renamed.updated_at }).where('id', '=', doc.id).execute();
    return renamed;
  }
}
