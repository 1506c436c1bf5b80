import { archiveApi } from '../../../shared/api/archive';
import { caller } from '../api/http';

/** Calls to archive, restore and delete for good, and to read a course's audit log. */
export const callArchive = caller(archiveApi);

/** Query keys of what is archived and of the audit log, under the group's key so a group's refresh refreshes them. */
export const archiveKeys = {
  archived: (groupId: string) => ['groups', groupId, 'archived'] as const,
  archivedGroups: ['groups', 'archived-groups'] as const,
  audit: (groupId: string) => ['groups', groupId, 'audit'] as const,
};
