import type { GroupActions } from './schemas/groups';
import type { DocActions, ProjectActions } from './schemas/projects';

/**
 * The one permission table. Every HTTP route and the sync socket ask it;
 * nothing else decides what a role may do. The client does not ask it
 * either: the server presents what the caller may do with each group,
 * project and document (`groupCan`, `projectCan`, `docCan` below) and each
 * thread and reply (thread-rules.ts), and the client shows those actions.
 *
 * Roles, per group: an instructor runs the group (members, invites, tags,
 * deadline versions) and does everything a member does; a member writes,
 * gives feedback, decides suggestions and sees contributions; a reviewer
 * reads and gives feedback, and cannot change the text.
 */

export const roles = ['instructor', 'member', 'reviewer'] as const;
export type Role = (typeof roles)[number];

export const capabilities = [
  /** Read the group's projects and documents (and open the sync socket). */
  'read',
  /** Change document content; a reviewer's socket updates are dropped. */
  'edit',
  /** Comment, annotate, suggest and reply. */
  'giveFeedback',
  /** Resolve or reopen any thread (everyone may resolve their own). */
  'resolveAnyThread',
  /** Accept or reject suggested edits. */
  'decideSuggestions',
  /** See feedback written for instructors only (its author always sees it too). */
  'readPrivateFeedback',
  /** Add, rename and retire the group's annotation tags. */
  'manageTags',
  /** Create and rename projects and documents. */
  'createContent',
  /** Invite, change roles, remove members. */
  'manageMembers',
  /** See contribution reports of the group's documents. */
  'viewContributions',
  /** Schedule locked versions of a document at a deadline. */
  'lockVersions',
  /** Set, edit and delete a course's assignments, and see every team's copy and status. */
  'setAssignments',
  /** Keep writing in a team's copy of an assignment after it locked at its due time. */
  'writeAfterLock',
  /**
   * Pick their own team in a course while self-sign-up is on: learners only,
   * since the course's instructors are in every team already and a reviewer
   * reads teams' work without belonging to one.
   */
  'joinTeam',
  /**
   * Rate themselves and their teammates at an assignment's end: learners of
   * a team only; instructors read the ratings and reviewers belong to no team.
   */
  'rateTeammates',
  /** Read every team's teammate evaluation, comments included, and release learners' own results. */
  'reviewTeammateRatings',
  /**
   * Archive, restore and delete for good the group's documents, projects and
   * teams and the group itself, and see what is archived there.
   */
  'archive',
  /** Read the course's audit log (role changes, removals, archiving, deletions, exports). */
  'readAuditLog',
] as const;
export type Capability = (typeof capabilities)[number];

const table: Record<Role, readonly Capability[]> = {
  instructor: [
    'read',
    'edit',
    'giveFeedback',
    'resolveAnyThread',
    'decideSuggestions',
    'readPrivateFeedback',
    'manageTags',
    'createContent',
    'manageMembers',
    'viewContributions',
    'lockVersions',
    'setAssignments',
    'writeAfterLock',
    'reviewTeammateRatings',
    'archive',
    'readAuditLog',
  ],
  member: [
    'read',
    'edit',
    'giveFeedback',
    'resolveAnyThread',
    'decideSuggestions',
    'createContent',
    'viewContributions',
    'joinTeam',
    'rateTeammates',
  ],
  reviewer: ['read', 'giveFeedback'],
};

const granted: Record<Role, ReadonlySet<Capability>> = {
  instructor: new Set(table.instructor),
  member: new Set(table.member),
  reviewer: new Set(table.reviewer),
};

/** Whether `role` holds `capability`; no role (not a member) holds nothing. */
export function can(role: Role | null | undefined, capability: Capability): boolean {
  return role != null && granted[role].has(capability);
}

/** What a member with `role` may do in a group: the group's `can`. */
export function groupCan(role: Role): GroupActions {
  return {
    createProjects: can(role, 'createContent'),
    manageMembers: can(role, 'manageMembers'),
    manageTags: can(role, 'manageTags'),
    viewContributions: can(role, 'viewContributions'),
    archive: can(role, 'archive'),
  };
}

/**
 * Capabilities that change what a group holds: refused (409) while the thing
 * they would change, or what contains it, is archived, since an archived
 * thing is read-only until it is restored. Member management, archiving
 * itself and the reading capabilities are not among them: an instructor may
 * still remove someone from an archived course, and restore it. (Setting
 * assignments is asked for to read instructors' pages too, so the server
 * refuses changes to a course's assignments, rubrics, reviews and teams by
 * their paths instead, while the course is archived.)
 */
export const writeCapabilities: ReadonlySet<Capability> = new Set<Capability>([
  'edit',
  'giveFeedback',
  'resolveAnyThread',
  'decideSuggestions',
  'manageTags',
  'createContent',
  'lockVersions',
  'joinTeam',
  'rateTeammates',
]);

/** What a member with `role` may do in a project: the project's `can`. */
export function projectCan(role: Role): ProjectActions {
  return { createDocs: can(role, 'createContent') };
}

/** What a member with `role` may do with a document: the document's `can`. */
export function docCan(role: Role): DocActions {
  return {
    edit: can(role, 'edit'),
    rename: can(role, 'createContent'),
    giveFeedback: can(role, 'giveFeedback'),
    viewContributions: can(role, 'viewContributions'),
    nameVersions: can(role, 'edit'),
    scheduleVersions: can(role, 'lockVersions'),
    restoreVersions: can(role, 'edit'),
  };
}
