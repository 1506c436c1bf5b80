import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';
import type { SyncServer } from '../../sync/sync-server';

/**
 * A class made straight in storage, as the course, team and assignment
 * services leave it (a course group, teams inside it whose instructor rows
 * follow the course's, an assignment, one project and document per team's
 * copy), so that the class view's tests and bench do not depend on the
 * routes of other features. Writing goes through the real update path.
 */
export interface SeededClass {
  courseId: string;
  assignmentId: string;
  teams: { id: string; name: string; memberIds: string[]; docId: string }[];
}

export interface ClassShape {
  instructorId: string;
  /** Each team's name and its learners. */
  teams: { name: string; memberIds: string[] }[];
  dueAt: number;
  lockAtDue?: boolean;
  /** When the memberships and copies were made; now when absent. */
  at?: number;
}

const batch = 500;

/** A course group with its instructor and learners, as the course service leaves it. */
export async function seedCourse(db: Kysely<Database>, instructorId: string, learnerIds: string[], at = Date.now()): Promise<string> {
  const courseId = newId();
  await db.insertInto('groups').values({ id: courseId, name: 'Course', created_by: instructorId, created_at: at, parent_id: null, self_signup_max: null }).execute();
  await insertAll(db, 'memberships', [
    { group_id: courseId, user_id: instructorId, role: 'instructor' as const, created_at: at, inherited_from: null },
    ...learnerIds.map((userId) => ({ group_id: courseId, user_id: userId, role: 'member' as const, created_at: at, inherited_from: null })),
  ]);
  return courseId;
}

export async function seedClass(db: Kysely<Database>, shape: ClassShape): Promise<SeededClass> {
  const at = shape.at ?? Date.now();
  const { instructorId } = shape;
  const courseId = await seedCourse(db, instructorId, shape.teams.flatMap((team) => team.memberIds), at);
  const teams = shape.teams.map((team) => ({ id: newId(), name: team.name, memberIds: team.memberIds, docId: newId(), projectId: newId() }));
  await insertAll(db, 'groups', teams.map((team) => ({ id: team.id, name: team.name, created_by: instructorId, created_at: at, parent_id: courseId, self_signup_max: null })));
  await insertAll(db, 'memberships', [
    ...teams.flatMap((team) => [
      { group_id: team.id, user_id: instructorId, role: 'instructor' as const, created_at: at, inherited_from: courseId },
      ...team.memberIds.map((userId) => ({ group_id: team.id, user_id: userId, role: 'member' as const, created_at: at, inherited_from: null })),
    ]),
  ]);
  const assignmentId = newId();
  await db
    .insertInto('assignments')
    .values({
      id: assignmentId,
      course_id: courseId,
      title: 'Essay',
      instructions: '',
      template_markdown: null,
      template_doc_id: null,
      opens_at: at,
      due_at: shape.dueAt,
      lock_at_due: shape.lockAtDue ? 1 : 0,
      opened_at: at,
      revision: 1,
      created_by: instructorId,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await insertAll(db, 'projects', teams.map((team) => ({ id: team.projectId, group_id: team.id, name: 'Essay', created_by: instructorId, created_at: at })));
  await insertAll(db, 'documents', teams.map((team) => ({ id: team.docId, project_id: team.projectId, title: 'Essay', created_by: instructorId, created_at: at, updated_at: at })));
  await insertAll(db, 'assignment_teams', teams.map((team) => ({ assignment_id: assignmentId, team_id: team.id, project_id: team.projectId, doc_id: team.docId, due_at: null, reopened_at: null, created_at: at })));
  return { courseId, assignmentId, teams: teams.map(({ id, name, memberIds, docId }) => ({ id, name, memberIds, docId })) };
}

async function insertAll<T extends keyof Database>(db: Kysely<Database>, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    // Kysely's insert types are per table; the rows were built for this one.
    await db.insertInto(table).values(rows.slice(i, i + batch) as never).execute();
  }
}

/**
 * People writing in one document through the server's update path (as if
 * each had sent their update on the socket): each has a Y.Doc of their own
 * (their own Yjs client id), brought up to date before each edit, so
 * every edit is made against what the server holds.
 */
export class CopyWriters {
  readonly #server = new Y.Doc();
  readonly #docs = new Map<string, Y.Doc>();

  constructor(
    private readonly sync: Pick<SyncServer, 'applyUpdateAs'>,
    readonly docId: string,
    /** What the document held before (a copy's template), so that new paragraphs go after it. */
    initial?: Uint8Array,
  ) {
    if (initial) Y.applyUpdate(this.#server, initial);
  }

  /** Appends a paragraph holding `text`, written by `userId`. */
  async paragraph(userId: string, text: string): Promise<void> {
    await this.edit(userId, (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      const content = new Y.XmlText();
      paragraph.insert(0, [content]);
      const fragment = doc.getXmlFragment('default');
      fragment.insert(fragment.length, [paragraph]);
      content.insert(0, text);
    });
  }

  /** Deletes the paragraph at `index`, whoever wrote it. */
  async deleteParagraph(userId: string, index: number): Promise<void> {
    await this.edit(userId, (doc) => doc.getXmlFragment('default').delete(index, 1));
  }

  async edit(userId: string, change: (doc: Y.Doc) => void): Promise<void> {
    let doc = this.#docs.get(userId);
    if (!doc) this.#docs.set(userId, (doc = new Y.Doc()));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.#server, Y.encodeStateVector(doc)));
    const before = Y.encodeStateVector(doc);
    doc.transact(() => change(doc));
    const update = Y.encodeStateAsUpdate(doc, before);
    await this.sync.applyUpdateAs(this.docId, userId, update);
    Y.applyUpdate(this.#server, update);
  }

  destroy(): void {
    this.#server.destroy();
    for (const doc of this.#docs.values()) doc.destroy();
  }
}
