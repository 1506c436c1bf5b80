import { Link, useParams } from 'react-router-dom';
import { useGroup } from '../api/queries';
import { chunk, chunkComponent } from '../app/chunk';
import { CourseCrumb } from '../courses/course-crumb';
import { useCoursePlace } from '../courses/course-place';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { RoleBadge } from '../ui/role-badge';
import { GroupNextSteps } from './group-next-steps';
import { InviteLinks } from './invite-links';
import { MemberList } from './member-list';
import { ArchiveButton } from '../archive/archive-button';
import { ArchivedList } from '../archive/archived-list';

/** Instructors' tag settings: a chunk of its own, since the feedback schemas bring Yjs. */
const TagSettings = chunkComponent(chunk(() => import('../threads/tag-settings')), 'Loading tags…');
/** A course's teams and the dialogs that form them: a chunk of its own, for the groups that are courses. */
const CourseSection = chunkComponent(chunk(() => import('../courses/course-section')), 'Loading teams…');

/** `/groups/:groupId`: members and roles; instructors also manage them and the invite links. */
export function GroupPage() {
  const { groupId = '' } = useParams();
  const group = useGroup(groupId);
  usePageTitle(group.data?.group.name);
  const coursePlace = useCoursePlace(groupId, group.data?.group.can.manageMembers ?? false, Boolean(group.data?.group.parentId));

  if (group.isPending) {
    return (
      <AppShell>
        <Loading label="Loading the group…" />
      </AppShell>
    );
  }
  if (group.isError) {
    return (
      <AppShell>
        <ErrorPanel error={group.error} onRetry={() => void group.refetch()} />
      </AppShell>
    );
  }
  const { role, name, can, parentId } = group.data.group;
  const manages = can.manageMembers;
  return (
    <AppShell>
      <div className="section-head page-head">
        <div>
          {parentId ? <CourseCrumb courseId={parentId} /> : <p className="eyebrow">Group</p>}
          <h1>{name}</h1>
        </div>
        <div className="actions">
          {can.viewContributions && (
            <Link className="button small" to={`/groups/${groupId}/contributions`}>
              Contributions
            </Link>
          )}
          {can.archive && <ArchiveButton target={{ kind: 'group', id: groupId }} name={name} />}
          <RoleBadge role={role} />
        </div>
      </div>
      {coursePlace === 'top' && <CourseSection groupId={groupId} manages={manages} />}
      <MemberList groupId={groupId} manages={manages} />
      <GroupNextSteps groupId={groupId} manages={manages} />
      {manages && <InviteLinks groupId={groupId} />}
      {can.manageTags && <TagSettings groupId={groupId} />}
      {coursePlace === 'bottom' && <CourseSection groupId={groupId} manages={manages} />}
      {can.archive && <ArchivedList groupId={groupId} />}
    </AppShell>
  );
}
