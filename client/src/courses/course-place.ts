import { useRef } from 'react';
import { ApiError } from '../api/api-error';
import { useTeams } from './course-queries';

export type CoursePlace = 'top' | 'bottom' | null;

/**
 * Where a group's page shows its course part. A group with teams is a
 * course: the teams come first (`top`), before the long list of members.
 * A group without teams shows its instructors, below everything else
 * (`bottom`), how to make it a course, and keeps it there for the visit
 * once shown, so that the first team made does not move the panel (and
 * the dialog open in it) away. A team (`isTeam`, or the server's 400)
 * cannot have teams, and someone outside a group may not list its teams
 * (403, 404): nothing is shown.
 */
export function useCoursePlace(groupId: string, manages: boolean, isTeam: boolean): CoursePlace {
  const teams = useTeams(groupId);
  const shownBelow = useRef<string | null>(null);
  if (isTeam) return null;
  if (shownBelow.current === groupId) return 'bottom';
  if (teams.isPending) return null;
  if (teams.isError && teams.error instanceof ApiError && [400, 403, 404].includes(teams.error.status)) return null;
  if ((teams.data?.teams.length ?? 0) > 0) return 'top';
  if (!manages) return null;
  shownBelow.current = groupId;
  return 'bottom';
}
