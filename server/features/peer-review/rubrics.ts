import type { Kysely } from 'kysely';
import { type RubricDefinition, rubricDefinition, rubricFileFormat, rubricFileVersion, type RubricFile } from '../../../shared/schemas/rubrics';
import { newId } from '../../db/ids';
import type { Database, RubricRow } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';
import type { Access } from '../access/access';

/** A rubric as stored, its definition read back, with how many review stages use it. */
export interface StoredRubric {
  row: RubricRow;
  definition: RubricDefinition;
  usedBy: number;
}

/**
 * A course's rubrics: made, changed, deleted, exported and imported by its
 * instructors (the capability that sets its assignments, whose peer
 * reviews use them). Anyone else: 404 outside the course, 403 inside it.
 * A rubric an assignment's peer review uses cannot be deleted (409): its
 * reviews are scored against it.
 */
export class Rubrics {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Pick<Access, 'requireGroup'>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(userId: string, courseId: string, definition: RubricDefinition): Promise<StoredRubric> {
    await this.requireCourse(userId, courseId);
    const at = this.now();
    const row: RubricRow = {
      id: newId(),
      course_id: courseId,
      title: definition.title,
      definition: JSON.stringify(definition),
      created_by: userId,
      created_at: at,
      updated_at: at,
    };
    await this.db.insertInto('rubrics').values(row).execute();
    return { row, definition, usedBy: 0 };
  }

  /** An exported rubric file (already validated as one) made a new rubric of this course. */
  importFile(userId: string, courseId: string, file: { rubric: RubricDefinition }): Promise<StoredRubric> {
    return this.create(userId, courseId, file.rubric);
  }

  /** The course's rubrics by title, for picking one. */
  async list(userId: string, courseId: string): Promise<StoredRubric[]> {
    await this.requireCourse(userId, courseId);
    const rows = await this.db.selectFrom('rubrics').selectAll().where('course_id', '=', courseId).orderBy('title').orderBy('id').execute();
    const uses = await this.#uses(rows.map((row) => row.id));
    return rows.map((row) => stored(row, uses.get(row.id) ?? 0));
  }

  /** The rubric, once the caller is known to be an instructor of its course (404 for anyone outside it). */
  async get(userId: string, rubricId: string): Promise<StoredRubric> {
    const rubric = await this.byId(rubricId);
    await this.access.requireGroup(userId, rubric.row.course_id, 'setAssignments', 'This rubric');
    return rubric;
  }

  /** The rubric with no check of the caller: for a review stage that uses it, whose own rules say who reads it. */
  async byId(rubricId: string): Promise<StoredRubric> {
    const row = await this.db.selectFrom('rubrics').selectAll().where('id', '=', rubricId).executeTakeFirst();
    if (!row) throw notFound('This rubric');
    const uses = await this.#uses([row.id]);
    return stored(row, uses.get(row.id) ?? 0);
  }

  /**
   * Changes the title, the criteria or both. Allowed while the review
   * stages using the rubric have not opened, since nothing is scored
   * against it yet; once one has, its reviews are answered and scored
   * against the rubric as it was given (409).
   */
  async update(userId: string, rubricId: string, edit: Partial<RubricDefinition>): Promise<StoredRubric> {
    const current = await this.get(userId, rubricId);
    const opened = await this.db
      .selectFrom('peer_review_stages')
      .innerJoin('assignments', 'assignments.id', 'peer_review_stages.assignment_id')
      .select('assignments.title')
      .where('peer_review_stages.rubric_id', '=', rubricId)
      .where('peer_review_stages.opened_at', 'is not', null)
      .orderBy('assignments.title')
      .execute();
    if (opened.length > 0) {
      throw conflict(`The peer review of ${opened.map((row) => `“${row.title}”`).join(', ')} has opened with this rubric: its reviews are answered against it as it is. Export and import it for a copy to change.`);
    }
    const definition = rubricDefinition.parse({ ...current.definition, ...edit });
    const at = this.now();
    await this.db
      .updateTable('rubrics')
      .set({ title: definition.title, definition: JSON.stringify(definition), updated_at: at })
      .where('id', '=', rubricId)
      .execute();
    return { row: { ...current.row, title: definition.title, definition: JSON.stringify(definition), updated_at: at }, definition, usedBy: current.usedBy };
  }

  async remove(userId: string, rubricId: string): Promise<void> {
    const current = await this.get(userId, rubricId);
    if (current.usedBy > 0) {
      const using = await this.db
        .selectFrom('peer_review_stages')
        .innerJoin('assignments', 'assignments.id', 'peer_review_stages.assignment_id')
        .select('assignments.title')
        .where('peer_review_stages.rubric_id', '=', rubricId)
        .orderBy('assignments.title')
        .execute();
      throw conflict(`This rubric is used by the peer review of ${using.map((row) => `“${row.title}”`).join(', ')}: give that review another rubric first, or keep this one.`);
    }
    await this.db.deleteFrom('rubrics').where('id', '=', rubricId).execute();
  }

  /** The rubric as a file another course (or this one) can import. */
  async exportFile(userId: string, rubricId: string): Promise<RubricFile> {
    const { definition } = await this.get(userId, rubricId);
    return { format: rubricFileFormat, version: rubricFileVersion, rubric: definition };
  }

  /** Rubrics are a course's: an instructor of the course may manage them; a team cannot hold any. */
  async requireCourse(userId: string, courseId: string): Promise<void> {
    await this.access.requireGroup(userId, courseId, 'setAssignments', 'This course');
    const group = await this.db.selectFrom('groups').select('parent_id').where('id', '=', courseId).executeTakeFirstOrThrow();
    if (group.parent_id !== null) throw badRequest('A team cannot hold rubrics: make the rubric in its course, where every assignment can use it.');
  }

  /** How many review stages use each rubric. */
  async #uses(rubricIds: string[]): Promise<Map<string, number>> {
    if (rubricIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('peer_review_stages')
      .select(['rubric_id', (eb) => eb.fn.countAll<number | string>().as('uses')])
      .where('rubric_id', 'in', rubricIds)
      .groupBy('rubric_id')
      .execute();
    return new Map(rows.map((row) => [row.rubric_id, Number(row.uses)]));
  }
}

function stored(row: RubricRow, usedBy: number): StoredRubric {
  const timed = { ...row, created_at: Number(row.created_at), updated_at: Number(row.updated_at) };
  return { row: timed, definition: rubricDefinition.parse(JSON.parse(row.definition)), usedBy };
}
