import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/permissions';

/**
 * The tables, as Kysely sees them. Timestamps are milliseconds since the epoch
 * (bigint in PostgreSQL, integer in SQLite); binary columns are Uint8Array.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  groups: GroupsTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  projects: ProjectsTable;
  documents: DocumentsTable;
  doc_updates: DocUpdatesTable;
  doc_checkpoints: DocCheckpointsTable;
  doc_client_ids: DocClientIdsTable;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  /** The public half of the token, also the primary key. */
  id: string;
  user_id: string;
  /** SHA-256 of the token's secret half; the secret itself is never stored. */
  secret_hash: Uint8Array;
  created_at: number;
  last_verified_at: number;
}

export interface GroupsTable {
  id: string;
  name: string;
  created_by: string;
  created_at: number;
}

export interface MembershipsTable {
  group_id: string;
  user_id: string;
  role: Role;
  created_at: number;
}

export interface InvitesTable {
  code: string;
  group_id: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked_at: number | null;
}

export interface ProjectsTable {
  id: string;
  group_id: string;
  name: string;
  created_by: string;
  created_at: number;
}

export interface DocumentsTable {
  id: string;
  project_id: string;
  title: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** The attributed log of every Yjs update a document ever accepted. */
export interface DocUpdatesTable {
  id: Generated<number>;
  doc_id: string;
  user_id: string;
  data: Uint8Array;
  size: number;
  created_at: number;
}

/** A merged state of a document up to and including `last_update_id`. */
export interface DocCheckpointsTable {
  id: Generated<number>;
  doc_id: string;
  last_update_id: number;
  data: Uint8Array;
  created_at: number;
}

/** Which user owns each Yjs client id in a document: the first who wrote with it. */
export interface DocClientIdsTable {
  doc_id: string;
  client_id: number;
  user_id: string;
  created_at: number;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type GroupRow = Selectable<GroupsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type InviteRow = Selectable<InvitesTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocUpdate = Insertable<DocUpdatesTable>;
