import type { Role } from '../../../shared/permissions';

const roleNames: Record<Role, string> = { instructor: 'Instructor', member: 'Member', reviewer: 'Reviewer' };

export function roleName(role: Role): string {
  return roleNames[role];
}

/** The caller's (or a member's) role, as a small label. */
export function RoleBadge({ role }: { role: Role }) {
  return <span className={`role-badge role-${role}`}>{roleNames[role]}</span>;
}
