import type { Kysely } from 'kysely';
import { teamProjectLimits, type StartTeamProjectBody } from '../../../shared/schemas/projects';
import type { Database, DocumentRow, ProjectRow } from '../../db/schema';
import type { Docs } from '../docs/service';
import type { Groups, GroupWithRole } from '../groups/service';
import type { Projects } from './service';

/** What starting a team project made. */
export interface TeamProject extends GroupWithRole {
  project: ProjectRow;
  doc: DocumentRow;
}

/**
 * The first step of a new team: a group (its creator the instructor, as
 * with any new group), its first project and its first document, written in
 * one transaction by the same services that make each alone, so a failure
 * part way leaves nothing behind and the team never finds a group with no
 * way to start writing.
 */
export class TeamProjects {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly parts: { groups: Groups; projects: Projects; docs: Docs },
  ) {}

  async start(creatorId: string, body: StartTeamProjectBody): Promise<TeamProject> {
    const { groups, projects, docs } = this.parts;
    return this.db.transaction().execute(async (trx) => {
      const { group, role } = await groups.create(creatorId, body.groupName, trx);
      const project = await projects.create(group.id, creatorId, body.projectName, trx);
      const doc = await docs.create(project.id, creatorId, body.docTitle ?? teamProjectLimits.defaultDocTitle, trx);
      return { group, role, project, doc };
    });
  }
}
