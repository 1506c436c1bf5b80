import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { createGroupBody } from '../../../shared/schemas/groups';
import { ActivityDigest } from '../activity/activity-digest';
import { HomeAssignments } from '../assignments/home-assignments';
import { call } from '../api/endpoints';
import { queryKeys, useHome } from '../api/queries';
import { useUser } from '../auth/session-gate';
import { AppShell } from '../ui/app-shell';
import { CreateToggle } from '../ui/create-form';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { FirstSteps, StartOrJoin } from './first-steps';
import { GroupSection } from './group-section';
import { ArchivedGroups } from '../archive/archived-groups';

/** `/`: the caller's groups with their projects and documents, and what happened while they were away. */
export function HomePage() {
  usePageTitle('Your groups');
  const user = useUser();
  const groups = useHome();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const createGroup = useMutation({
    mutationFn: (body: { name: string }) => call('POST /api/groups', { body }),
    onSuccess: async ({ group }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      navigate(`/groups/${group.id}`);
    },
  });

  return (
    <AppShell wide>
      <div className="home">
        <section className="home-main" aria-labelledby="groups-title">
          <div className="section-head">
            <div>
              <h1 id="groups-title">Hello, {user.name.split(' ')[0]}</h1>
              <p className="muted">Your groups, their projects and documents.</p>
            </div>
            <CreateToggle
              buttonLabel="New group"
              schema={createGroupBody}
              field="name"
              label="Group name"
              placeholder="e.g. Biology 101, team Otter"
              submitLabel="Create group"
              onCreate={(body) => createGroup.mutateAsync(body)}
            />
          </div>
          {groups.isPending && <Loading label="Loading your groups…" />}
          {groups.isError && <ErrorPanel error={groups.error} onRetry={() => void groups.refetch()} />}
          {/* What is due next comes before the groups that hold it. */}
          {groups.data?.assignments && <HomeAssignments items={groups.data.assignments} />}
          {groups.data && groups.data.groups.length === 0 && (
            <>
              <p className="lead">You are not in a group yet. Start your team’s project, or join the team that invited you.</p>
              <FirstSteps />
            </>
          )}
          {groups.data?.groups.map((group) => <GroupSection key={group.id} group={group} />)}
          {/* After the learner's own documents, which come first: another project, or another team to join. */}
          {groups.data && groups.data.groups.length > 0 && <StartOrJoin />}
          <ArchivedGroups />
        </section>
        <ActivityDigest />
      </div>
    </AppShell>
  );
}
