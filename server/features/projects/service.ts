import type { Kysely } from 'kysely';
import type { PageQuery } from '../../../shared/schemas/common';
import { newId } from '../../db/ids';
import { type Page, selectPage, toPage } from '../../db/page-cursor';
import type { Database, ProjectRow } from '../../db/schema';

/** A group's shared deliverables. Callers have checked the caller's role first. */
export class Projects {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** `db` is a transaction when the project is part of a larger step (a team project). */
  async create(groupId: string, createdBy: string, name: string, db: Kysely<Database> = this.db): Promise<ProjectRow> {
    const project: ProjectRow = { id: newId(), group_id: groupId, name, created_by: createdBy, created_at: this.now(), archived_at: null, archived_by: null };
    await db.insertInto('projects').values(project).execute();
    return project;
  }

  /** The group's projects in use (archived ones are in the group's Archived view), oldest first. */
  async list(groupId: string, page: PageQuery): Promise<Page<ProjectRow>> {
    const query = this.db.selectFrom('projects').selectAll().where('group_id', '=', groupId).where('archived_at', 'is', null);
    const rows = await selectPage(query, page, 'created_at', 'id').execute();
    return toPage(rows, page.limit, (project) => ({ at: project.created_at, id: project.id }));
  }
}
