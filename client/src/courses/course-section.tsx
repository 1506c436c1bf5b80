import { CourseAssignments } from '../assignments/course-assignments';
import { CourseTeams } from './course-teams';
import { useTeams } from './course-queries';
import { LearnerCourseSection } from './learner-course-section';

/**
 * The course part of a group's page (where: course-place.ts): its
 * assignments once it has teams, then the teams for its instructors, or
 * the learner's own team (or teams to join). A chunk of its own, loaded
 * only on a group page that shows it.
 */
export default function CourseSection({ groupId, manages }: { groupId: string; manages: boolean }) {
  const teams = useTeams(groupId);
  const isCourse = (teams.data?.teams.length ?? 0) > 0;
  return (
    <>
      {isCourse && <CourseAssignments courseId={groupId} manages={manages} />}
      {manages ? <CourseTeams courseId={groupId} /> : <LearnerCourseSection courseId={groupId} teams={teams.data?.teams ?? []} cap={teams.data?.selfSignup.maxTeamSize ?? null} />}
    </>
  );
}
