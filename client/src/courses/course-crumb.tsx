import { Link } from 'react-router-dom';
import { useGroup } from '../api/queries';

/**
 * Above a team's name on its page: the course it belongs to, a link back
 * to the course's page (its other teams, its assignments). Until the
 * course's name is here it says "Course".
 */
export function CourseCrumb({ courseId }: { courseId: string }) {
  const course = useGroup(courseId);
  return (
    <nav aria-label="Course" className="eyebrow">
      <Link to={`/groups/${courseId}`}>{course.data?.group.name ?? 'Course'}</Link> › Team
    </nav>
  );
}
