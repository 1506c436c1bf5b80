import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Member } from '../../../shared/schemas/groups';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';

/**
 * The course view's queries. Their keys sit under the group's, so that what
 * invalidates a group's members (a role changed, someone removed) refreshes
 * the course's roster too, and a change to teams refreshes both.
 */
export const courseKeys = {
  teams: (courseId: string) => ['groups', courseId, 'teams'] as const,
  /** Every member of the course, read page by page (a class has hundreds). */
  roster: (courseId: string) => [...queryKeys.members(courseId), 'all'] as const,
  /** The LMS the course is linked to (null: none), with when its roster last came. */
  lmsLink: (courseId: string) => ['groups', courseId, 'lms-link'] as const,
};

/** A course of 300 learners fits in two pages; past this many pages the list stops rather than looping. */
const maxRosterPages = 25;

export async function readRoster(courseId: string): Promise<Member[]> {
  const members: Member[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxRosterPages; page++) {
    const answer = await call('GET /api/groups/:groupId/members', { params: { groupId: courseId }, query: { limit: 200, cursor } });
    members.push(...answer.members);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return members;
}

/** The course routes' schemas load with the course view, not with every group page that asks whether it is a course. */
async function readTeams(courseId: string) {
  const { callCourses } = await import('../api/course-endpoints');
  return callCourses('GET /api/groups/:courseId/teams', { params: { courseId } });
}

async function readLmsLink(courseId: string) {
  const { callLti } = await import('../api/lti-endpoints');
  return (await callLti('GET /api/groups/:courseId/lti', { params: { courseId } })).link;
}

export const courseQueries = {
  teams: (courseId: string) => queryOptions({ queryKey: courseKeys.teams(courseId), queryFn: () => readTeams(courseId) }),
  roster: (courseId: string) => queryOptions({ queryKey: courseKeys.roster(courseId), queryFn: () => readRoster(courseId) }),
  lmsLink: (courseId: string) => queryOptions({ queryKey: courseKeys.lmsLink(courseId), queryFn: () => readLmsLink(courseId) }),
};

/**
 * The course's teams, or a failure: a group that is no course (a team, or
 * a group of one team) answers with an error the view reads as "no teams".
 */
export const useTeams = (courseId: string, enabled = true) => useQuery({ ...courseQueries.teams(courseId), enabled, retry: false });
export const useRoster = (courseId: string, enabled = true) => useQuery({ ...courseQueries.roster(courseId), enabled });
/** The course's LMS link, for its instructors only (the route refuses anyone else). */
export const useLmsLink = (courseId: string) => useQuery(courseQueries.lmsLink(courseId));
