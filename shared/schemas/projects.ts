import { z } from 'zod';
import { id, timestamp, title } from './common';
import { groupForMember, role } from './groups';

export const createProjectBody = z.strictObject({ name: title(120) });
export type CreateProjectBody = z.infer<typeof createProjectBody>;

/** What the caller may do in a project, decided on the server (permissions.ts, projectCan). */
export const projectActions = z.object({ createDocs: z.boolean() });
export type ProjectActions = z.infer<typeof projectActions>;

export const project = z.object({ id, groupId: id, name: z.string(), createdAt: timestamp, can: projectActions });
export type Project = z.infer<typeof project>;
export const projectResponse = z.object({ project });
export type ProjectResponse = z.infer<typeof projectResponse>;
export const projectsResponse = z.object({
  projects: z.array(project),
  nextCursor: z.string().nullable(),
});
export type ProjectsResponse = z.infer<typeof projectsResponse>;

export const createDocBody = z.strictObject({ title: title(200) });
export type CreateDocBody = z.infer<typeof createDocBody>;
export const renameDocBody = createDocBody;
/** A Word file imported as a new document: its title, from the file's name unless given. */
export const importDocQuery = z.object({ title: title(200).optional() });
export type ImportDocQuery = z.infer<typeof importDocQuery>;
export type RenameDocBody = z.infer<typeof renameDocBody>;

export const doc = z.object({
  id,
  projectId: id,
  title: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Doc = z.infer<typeof doc>;

/**
 * What the caller may do with a document, decided on the server
 * (permissions.ts, docCan): `edit` its text, `rename` it, give feedback,
 * see who wrote what, name versions, schedule deadline versions, restore one.
 */
export const docActions = z.object({
  edit: z.boolean(),
  rename: z.boolean(),
  giveFeedback: z.boolean(),
  viewContributions: z.boolean(),
  nameVersions: z.boolean(),
  scheduleVersions: z.boolean(),
  restoreVersions: z.boolean(),
});
export type DocActions = z.infer<typeof docActions>;

/**
 * A document with where it lives, the caller's role there (to show) and what they may do with it.
 *
 * A team's copy of an assignment that locks at its due time says so:
 * `locksAt` is that time (ahead or past; null for a document that never
 * locks), `locked` whether it has come (the same for every reader). A lock
 * stops the team's members writing (`can.edit` turns false); instructors
 * keep writing (`writesAfterLock`), so an editor can go read-only at
 * `locksAt` without asking again.
 */
export const docWithContext = doc.extend({
  project: z.object({ id, name: z.string() }),
  group: z.object({ id, name: z.string() }),
  role,
  can: docActions,
  locked: z.boolean(),
  locksAt: timestamp.nullable(),
  writesAfterLock: z.boolean(),
  /** When it was archived (itself, or with its project, team or course): read-only for everyone until restored; absent or null in use. */
  archivedAt: timestamp.nullable().optional(),
});
export type DocWithContext = z.infer<typeof docWithContext>;

export const docResponse = z.object({ doc: docWithContext });
export type DocResponse = z.infer<typeof docResponse>;
export const createdDocResponse = z.object({ doc });
export type CreatedDocResponse = z.infer<typeof createdDocResponse>;
export const docsResponse = z.object({ docs: z.array(doc), nextCursor: z.string().nullable() });
export type DocsResponse = z.infer<typeof docsResponse>;

/**
 * Starting a team project: a new group (the creator its instructor), its
 * first project and first document, made in one step.
 */
export const teamProjectLimits = { defaultDocTitle: 'First draft' } as const;
export const startTeamProjectBody = z.strictObject({
  groupName: title(120),
  projectName: title(120),
  docTitle: title(200).optional(),
});
export type StartTeamProjectBody = z.input<typeof startTeamProjectBody>;
export const teamProjectResponse = z.object({ group: groupForMember, project, doc });
export type TeamProjectResponse = z.infer<typeof teamProjectResponse>;
