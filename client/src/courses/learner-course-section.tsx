import type { TeamWithMembers } from '../../../shared/schemas/courses';
import { LearnerCourse } from './learner-course';
import { useJoinTeam } from './team-changes';

/** A learner's course: their team, or (self-sign-up on) the teams to join, joined from here. */
export function LearnerCourseSection({ courseId, teams, cap }: { courseId: string; teams: readonly TeamWithMembers[]; cap: number | null }) {
  const join = useJoinTeam(courseId);
  return <LearnerCourse teams={teams} cap={cap} joining={join.isPending} joinError={join.error} onJoin={(team) => join.mutate(team.id)} />;
}
