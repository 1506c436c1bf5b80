import type { Kysely } from 'kysely';
import { can, type Role } from '../../../shared/permissions';
import type { Database } from '../../db/schema';
import { conflict } from '../../errors';
import { type CopyTerms, copyTermsOfDoc, teamDue } from './due-times';

/**
 * What the lock at the due time means for one reader of a document: the
 * editor page shows it (GET /api/docs/:docId) and the sync socket enforces
 * it (SyncPeer.writableUntil).
 */
export interface DocLock {
  /** The copy is locked for its members now. */
  locked: boolean;
  /** When the copy locks (or locked) for its members: its due time; null when it does not lock. */
  locksAt: number | null;
  /** The reader keeps writing once it locks (an instructor). */
  writesAfterLock: boolean;
}

/**
 * The time a copy locks at, as things stand: its team's due time when the
 * assignment locks at the due time, null when it does not or an instructor
 * reopened the copy (a reopening lifts the lock until a new due time is set).
 */
export function lockTime(terms: Omit<CopyTerms, 'assignmentId' | 'teamId' | 'docId'>): number | null {
  if (!terms.lockAtDue || terms.reopenedAt !== null) return null;
  return terms.teamDueAt ?? terms.assignmentDueAt;
}

/**
 * Until when a reader with `role` may send updates to a copy locking at
 * `locksAt`: null for no end (no lock coming, or an instructor).
 */
export function writableUntil(role: Role, locksAt: number | null): number | null {
  return can(role, 'writeAfterLock') ? null : locksAt;
}

/** Reads documents' locks against the server's clock. */
export class DocLocks {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The lock of `docId` for a reader with `role`; a document that is no team's copy never locks. */
  async of(docId: string, role: Role): Promise<DocLock> {
    const writesAfterLock = can(role, 'writeAfterLock');
    const terms = await copyTermsOfDoc(this.db, docId);
    if (!terms) return { locked: false, locksAt: null, writesAfterLock };
    return { locked: teamDue(terms, this.now()).locked, locksAt: lockTime(terms), writesAfterLock };
  }

  /**
   * Refuses (409) a change to the text of `docId` made outside the sync
   * socket (restoring a version, accepting a suggestion) by a reader whose
   * writing the lock stopped: the lock holds on every way into the text.
   */
  async requireWritable(docId: string, role: Role): Promise<void> {
    const lock = await this.of(docId, role);
    if (lock.locked && !lock.writesAfterLock) throw conflict('This copy locked at its due time: only an instructor can change its text now.');
  }
}
