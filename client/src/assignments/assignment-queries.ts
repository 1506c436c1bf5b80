import { queryOptions, useQuery } from '@tanstack/react-query';
import { callCourses } from '../api/course-endpoints';

/**
 * Assignment queries. A course's list sits under the group's key, so what
 * refreshes the course refreshes its assignments; one assignment's own
 * answers sit under its id, so submitting refreshes its page and class view.
 */
export const assignmentKeys = {
  ofCourse: (courseId: string) => ['groups', courseId, 'assignments'] as const,
  one: (assignmentId: string) => ['assignments', assignmentId] as const,
  classView: (assignmentId: string) => ['assignments', assignmentId, 'class'] as const,
};

export const assignmentQueries = {
  ofCourse: (courseId: string) =>
    queryOptions({
      queryKey: assignmentKeys.ofCourse(courseId),
      queryFn: () => callCourses('GET /api/groups/:courseId/assignments', { params: { courseId } }),
    }),
  one: (assignmentId: string) =>
    queryOptions({
      queryKey: assignmentKeys.one(assignmentId),
      queryFn: () => callCourses('GET /api/assignments/:assignmentId', { params: { assignmentId } }),
    }),
};

export const useCourseAssignments = (courseId: string, enabled = true) => useQuery({ ...assignmentQueries.ofCourse(courseId), enabled });
export const useAssignment = (assignmentId: string) => useQuery(assignmentQueries.one(assignmentId));
