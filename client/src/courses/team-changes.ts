import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callCourses } from '../api/course-endpoints';
import { queryKeys } from '../api/queries';
import { courseKeys } from './course-queries';

type Change =
  | { kind: 'place'; teamId: string; userIds: string[] }
  | { kind: 'take-out'; teamId: string; userId: string }
  | { kind: 'rename'; teamId: string; name: string }
  | { kind: 'delete'; teamId: string };

async function send(courseId: string, change: Change): Promise<void> {
  switch (change.kind) {
    case 'place':
      // One at a time: each leaves their team under the course's lock, and a refusal stops at the learner it names.
      for (const userId of change.userIds) {
        await callCourses('POST /api/groups/:courseId/teams/:teamId/members', { params: { courseId, teamId: change.teamId }, body: { userId } });
      }
      return;
    case 'take-out':
      await callCourses('DELETE /api/groups/:courseId/teams/:teamId/members/:userId', { params: { courseId, teamId: change.teamId, userId: change.userId } });
      return;
    case 'rename':
      await callCourses('PATCH /api/groups/:courseId/teams/:teamId', { params: { courseId, teamId: change.teamId }, body: { name: change.name } });
      return;
    case 'delete':
      await callCourses('DELETE /api/groups/:courseId/teams/:teamId', { params: { courseId, teamId: change.teamId } });
  }
}

/** What a change of teams makes stale: the teams, and the roster whose "in no team" list follows them. */
function refreshCourse(queryClient: ReturnType<typeof useQueryClient>, courseId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: courseKeys.teams(courseId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.members(courseId) }),
  ]);
}

/**
 * An instructor's changes to a course's teams: moving learners, taking one
 * out, renaming and deleting a team. Each refreshes the teams, then calls
 * `onDone`; a refusal (a team with work cannot be deleted) stays shown.
 */
export function useTeamChanges(courseId: string, onDone: () => void) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (what: Change) => send(courseId, what),
    onSuccess: onDone,
    onSettled: () => refreshCourse(queryClient, courseId),
  });
  return {
    pending: change.isPending,
    error: change.error,
    place: (teamId: string, userIds: string[]) => change.mutate({ kind: 'place', teamId, userIds }),
    takeOut: (teamId: string, userId: string) => change.mutate({ kind: 'take-out', teamId, userId }),
    rename: (teamId: string, name: string) => change.mutate({ kind: 'rename', teamId, name }),
    deleteTeam: (teamId: string) => change.mutate({ kind: 'delete', teamId }),
  };
}

/** Turns self-sign-up on with a cap on team size, or off (`null`). */
export function useSelfSignupChange(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (maxTeamSize: number | null) => callCourses('PATCH /api/groups/:courseId/self-signup', { params: { courseId }, body: { maxTeamSize } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: courseKeys.teams(courseId) }),
  });
}

/** A learner joins a team with room while self-sign-up is on (409 when it filled meanwhile). */
export function useJoinTeam(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (teamId: string) => callCourses('POST /api/groups/:courseId/teams/:teamId/join', { params: { courseId, teamId } }),
    onSettled: () => refreshCourse(queryClient, courseId),
  });
}
