import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { archiveKeepMs, type ArchiveStateResponse } from '../../../shared/schemas/archive';
import type { Database } from '../../db/schema';
import { conflict } from '../../errors';
import type { Logger } from '../../logger';
import type { ScheduledJob } from '../mail/schedule';
import type { DocAccess } from '../access/access';
import { recordAudit, type AuditSubject } from '../audit/audit-log';
import { archivedSince, groupMarks, refuseArchivedWrite } from './archived-state';
import { deleteRows } from './delete-for-good';
import type { OpenSockets } from './open-sockets';
import { docsIn, readSubject, type Subject, type SubjectRef } from './subjects';

export interface ArchiveOptions {
  /** FILES_DIR: where a file's bytes are kept under its row's id (../files/service.ts). */
  filesDir: string;
  logger: Pick<Logger, 'warn'>;
}

/**
 * Archiving, restoring and deleting for good. Routes have checked that the
 * caller may (the `archive` capability); the rules of the data are kept
 * here, each change written with its audit entry in one transaction.
 *
 * An archived thing is hidden from the lists, read-only (Access refuses
 * writes with 409, and open sync sockets of its documents are closed with
 * roleChanged and reopen read-only), restorable for 30 days, then deleted
 * for good with its files' bytes by the hourly purge.
 */
export class Archive {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sockets: Pick<OpenSockets, 'changed' | 'deleted'>,
    private readonly options: ArchiveOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async archive(ref: SubjectRef, by: string): Promise<ArchiveStateResponse> {
    const at = this.now();
    const subject = await this.db.transaction().execute(async (trx) => {
      const subject = await readSubject(trx, ref);
      if (subject.archivedAt !== null) throw conflict(`This ${subject.kind} is archived already.`);
      if (archivedSince(subject.marks) !== null) throw conflict(`What holds this ${subject.kind} is archived already, and this with it.`);
      await trx.updateTable(ref.table).set({ archived_at: at, archived_by: by }).where('id', '=', ref.id).execute();
      await recordAudit(trx, { courseId: subject.courseId, actorId: by, action: 'archived', subjectType: auditSubject(subject), subjectId: ref.id, detail: { name: subject.name, kind: subject.kind }, at });
      return subject;
    });
    // Open sockets of its documents lose their write rights now, on every
    // instance: each is closed with roleChanged and reopens read-only
    // (sync-socket.ts asks `docArchivedAt`).
    await this.sockets.changed((await docsIn(this.db, ref).execute()).map((row) => row.id));
    return { kind: subject.kind, id: ref.id, archivedAt: at, deletesAt: at + archiveKeepMs };
  }

  /**
   * Brings back what was archived with the subject. A document or team
   * archived on its own earlier keeps its own mark; a subject inside
   * something still archived is refused (restore that first), as is one
   * past its 30 days.
   */
  async restore(ref: SubjectRef, by: string): Promise<ArchiveStateResponse> {
    const at = this.now();
    const subject = await this.db.transaction().execute(async (trx) => {
      const subject = await readSubject(trx, ref);
      if (subject.archivedAt === null) throw conflict(`This ${subject.kind} is not archived.`);
      if (archivedSince({ ...subject.marks, [markOf(ref)]: null }) !== null) {
        throw conflict(`What holds this ${subject.kind} is archived: restore that first.`);
      }
      if (at - subject.archivedAt > archiveKeepMs) throw conflict(`This ${subject.kind} was archived more than 30 days ago and is being deleted for good.`);
      await trx.updateTable(ref.table).set({ archived_at: null, archived_by: null }).where('id', '=', ref.id).execute();
      await recordAudit(trx, { courseId: subject.courseId, actorId: by, action: 'restored', subjectType: auditSubject(subject), subjectId: ref.id, detail: { name: subject.name, kind: subject.kind }, at });
      return subject;
    });
    // Sockets of the documents nothing archives any more reconnect able to write.
    await this.sockets.changed((await docsIn(this.db, ref).execute()).map((row) => row.id));
    return { kind: subject.kind, id: ref.id, archivedAt: null, deletesAt: null };
  }

  /** Deletes an archived subject for good now (an instructor's "Delete now"); 409 when it is not archived. */
  async deleteNow(ref: SubjectRef, by: string): Promise<void> {
    await this.#delete(ref, by, (subject) => {
      if (archivedSince(subject.marks) === null) throw conflict(`Archive this ${subject.kind} first: only what is archived can be deleted for good.`);
    });
  }

  /**
   * Deletes for good what was archived 30 days or more before `now`:
   * groups first (a course takes its teams), then projects, then documents.
   * Returns how many things it deleted.
   */
  async purgeDue(now: number): Promise<number> {
    const before = now - archiveKeepMs;
    const due: SubjectRef[] = [];
    for (const table of ['groups', 'projects', 'documents'] as const) {
      const rows = await this.db.selectFrom(table).select('id').where('archived_at', 'is not', null).where('archived_at', '<=', before).orderBy('archived_at').execute();
      due.push(...rows.map(({ id }) => ({ table, id })));
    }
    let deleted = 0;
    for (const ref of due) {
      try {
        // Gone already with what held it: nothing left to do.
        if (await this.#delete(ref, null, (subject) => {
          if (subject.archivedAt === null || subject.archivedAt > before) throw conflict('Restored meanwhile.');
        })) deleted += 1;
      } catch (err) {
        this.options.logger.warn({ err, ...ref }, 'an archived thing could not be deleted for good');
      }
    }
    return deleted;
  }

  /** The hourly purge on the schedule (../mail/schedule.ts): once per hour across instances. */
  job(): ScheduledJob {
    return { name: 'archive-purge', pattern: '30 * * * *', run: async (_at, now) => void (await this.purgeDue(now)) };
  }

  /**
   * Refuses (409) a change to feedback of an archived document, for the
   * routes that reach a document through a thread or reply rather than
   * through Access.requireDoc.
   */
  async refuseDocWrite(docId: string): Promise<void> {
    await refuseArchivedWrite('giveFeedback', async () => (await readSubject(this.db, { table: 'documents', id: docId })).marks);
  }

  /** When the document went out of use, through itself or what holds it; null while in use. */
  async docArchivedAt(found: Pick<DocAccess, 'doc' | 'project' | 'group'>): Promise<number | null> {
    const { course } = found.group.parent_id ? await groupMarks(this.db, found.group.id) : { course: null };
    return archivedSince({ doc: found.doc.archived_at, project: found.project.archived_at, group: found.group.archived_at, course });
  }

  /** Deletes the subject's rows (with its audit entry) and then its files' bytes; false when it was gone already. */
  async #delete(ref: SubjectRef, by: string | null, check: (subject: Subject) => void): Promise<boolean> {
    const at = this.now();
    const deleted = await this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom(ref.table).select('id').where('id', '=', ref.id).executeTakeFirst();
      if (!exists) return null;
      const subject = await readSubject(trx, ref);
      check(subject);
      const rows = await deleteRows(trx, ref);
      const detail = { name: subject.name, kind: subject.kind, ...(by === null && { after: '30 days' }) };
      await recordAudit(trx, { courseId: subject.courseId, actorId: by, action: 'deleted', subjectType: auditSubject(subject), subjectId: ref.id, detail, at });
      return rows;
    });
    if (deleted === null) return false;
    // After the commit: bytes removed before it would be lost if it rolled back.
    for (const fileId of deleted.fileIds) await rm(join(this.options.filesDir, fileId), { force: true });
    // The read-only sockets still open on its documents end, on every instance.
    await this.sockets.deleted(deleted.docIds);
    return true;
  }
}

function markOf(ref: SubjectRef): 'doc' | 'project' | 'group' {
  return ref.table === 'documents' ? 'doc' : ref.table === 'projects' ? 'project' : 'group';
}

function auditSubject(subject: Subject): AuditSubject {
  return subject.kind;
}
