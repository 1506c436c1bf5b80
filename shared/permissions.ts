/**
 * The one permission table. Every HTTP route and the sync socket ask it;
 * nothing else decides what a role may do. It mirrors the roles table of
 * SPEC.md ("Roles (per group)").
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
  ],
  member: [
    'read',
    'edit',
    'giveFeedback',
    'resolveAnyThread',
    'decideSuggestions',
    'createContent',
    'viewContributions',
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
