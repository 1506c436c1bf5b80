import { useState } from 'react';
import type { TeamWithMembers } from '../../../shared/schemas/courses';
import type { User } from '../../../shared/schemas/auth';
import { EmptyState } from '../ui/empty-state';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { AutoTeamsDialog } from './auto-teams-dialog';
import { placeLearners, sortTeams } from './course-roster';
import { useRoster, useTeams } from './course-queries';
import { LmsLink } from './lms-link';
import { NewTeamForm, nextTeamName } from './new-team-form';
import { RosterImportDialog } from './roster-import-dialog';
import { SelfSignupSetting } from './self-signup-setting';
import { TeamChangeDialogs, type TeamChange } from './team-change-dialogs';
import { useSelfSignupChange } from './team-changes';
import { TeamCard } from './team-card';
import { UnassignedLearners } from './unassigned-learners';
import './courses.css';

type Open = { kind: 'new-team' } | { kind: 'roster' } | { kind: 'auto' } | TeamChange;

/**
 * An instructor's view of a course: its teams with their learners, the
 * learners in no team, and the ways to form teams (by hand, from a roster,
 * automatically, or from the LMS a launch linked the course to). Any group
 * an instructor runs can become a course: its first team makes it one.
 */
export function CourseTeams({ courseId }: { courseId: string }) {
  const teams = useTeams(courseId);
  const roster = useRoster(courseId);
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);
  const selfSignup = useSelfSignupChange(courseId);

  if (teams.isPending || roster.isPending) return <Loading label="Loading teams…" />;
  if (teams.isError || roster.isError) {
    return (
      <section className="panel" aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        <InlineError error={teams.error ?? roster.error} />
      </section>
    );
  }

  const list = sortTeams(teams.data.teams);
  const places = placeLearners(list, roster.data);
  const cap = teams.data.selfSignup.maxTeamSize;
  const move = (learner: User, from: TeamWithMembers | null) => setOpen({ kind: 'move', learner, from });

  return (
    <section className="panel course-teams" aria-labelledby="teams-title">
      <div className="section-head">
        <div>
          <h2 id="teams-title">Teams</h2>
          <p className="muted small">
            {list.length} {list.length === 1 ? 'team' : 'teams'} · {places.learners.length} {places.learners.length === 1 ? 'learner' : 'learners'}
            {places.unassigned.length > 0 && ` · ${places.unassigned.length} in no team`}
          </p>
        </div>
        <div className="course-actions">
          <button type="button" className="button small" onClick={() => setOpen({ kind: 'new-team' })} aria-expanded={open?.kind === 'new-team'}>
            New team
          </button>
          <button type="button" className="button small" aria-haspopup="dialog" onClick={() => setOpen({ kind: 'roster' })}>
            Import roster
          </button>
          <button type="button" className="button small" aria-haspopup="dialog" onClick={() => setOpen({ kind: 'auto' })}>
            Form teams automatically
          </button>
        </div>
      </div>

      <LmsLink courseId={courseId} />

      {open?.kind === 'new-team' && (
        <NewTeamForm courseId={courseId} places={places} suggestedName={nextTeamName(list.map((team) => team.name))} onDone={close} />
      )}

      {list.length === 0 ? (
        <EmptyState icon="groups" title="No teams yet" headingLevel={3} compact>
          <p>
            Teaching a class here? Import a roster of your learners (name, email, team), form teams of the learners who joined automatically,
            or make a team and pick its members. Each team gets its own documents; you are an instructor of every one.
          </p>
        </EmptyState>
      ) : (
        <ul className="team-grid" aria-label="Teams">
          {list.map((team) => (
            <TeamCard
              key={team.id}
              team={team}
              cap={cap}
              actions={{
                onMove: (learner, from) => move(learner, from),
                onRemove: (learner, from) => setOpen({ kind: 'remove', learner, from }),
                onAddLearners: (chosen) => setOpen({ kind: 'add', team: chosen }),
                onRename: (chosen) => setOpen({ kind: 'rename', team: chosen }),
                onDelete: (chosen) => setOpen({ kind: 'delete', team: chosen }),
              }}
            />
          ))}
        </ul>
      )}

      {list.length > 0 && <SelfSignupSetting cap={cap} pending={selfSignup.isPending} error={selfSignup.error} onSave={(max) => selfSignup.mutate(max)} />}

      <UnassignedLearners learners={places.unassigned} canPlace={list.length > 0} onPlace={(learner) => move(learner, null)} />

      {open?.kind === 'roster' && <RosterImportDialog courseId={courseId} onClose={close} />}
      {open?.kind === 'auto' && <AutoTeamsDialog courseId={courseId} unassigned={places.unassigned.length} onClose={close} />}
      {open && open.kind !== 'new-team' && open.kind !== 'roster' && open.kind !== 'auto' && (
        <TeamChangeDialogs courseId={courseId} change={open} teams={list} places={places} onClose={close} />
      )}
    </section>
  );
}
