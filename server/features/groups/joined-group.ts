import type { GroupRow } from '../../db/schema';

/**
 * A group's columns for a query that joins `groups` to the row it is about
 * (a document's, an invite's), each prefixed `group_` so that none clashes
 * with that row's own; `splitJoinedGroup` takes them back out as a group.
 * The group's id is the row's own `group_id`, so it is not selected twice.
 */
export const joinedGroupColumns = [
  'groups.name as group_name',
  'groups.created_by as group_created_by',
  'groups.created_at as group_created_at',
  'groups.parent_id as group_parent_id',
  'groups.self_signup_max as group_self_signup_max',
  'groups.archived_at as group_archived_at',
  'groups.archived_by as group_archived_by',
] as const;

type JoinedGroupColumns = { [Column in Exclude<keyof GroupRow, 'id'> as `group_${Column}`]: GroupRow[Column] };

/** The group read from a joined row, and the row without the group's columns. */
export function splitJoinedGroup<Row extends JoinedGroupColumns & { group_id: string }>(
  row: Row,
): { group: GroupRow; rest: Omit<Row, keyof JoinedGroupColumns> } {
  const { group_name, group_created_by, group_created_at, group_parent_id, group_self_signup_max, group_archived_at, group_archived_by, ...rest } = row;
  const group: GroupRow = {
    id: row.group_id,
    name: group_name,
    created_by: group_created_by,
    created_at: group_created_at,
    parent_id: group_parent_id,
    self_signup_max: group_self_signup_max,
    archived_at: group_archived_at,
    archived_by: group_archived_by,
  };
  return { group, rest };
}
