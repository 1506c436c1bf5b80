import { useState } from 'react';
import type { TeamWithMembers } from '../../../shared/schemas/courses';
import type { User } from '../../../shared/schemas/auth';
import { TextField } from '../ui/text-field';
import { CourseDialog } from './course-dialog';
import type { CoursePlaces } from './course-roster';
import { LearnerPicker } from './learner-picker';
import { MoveLearnerDialog } from './move-learner-dialog';
import { useTeamChanges } from './team-changes';

/** A change to one team or learner an instructor started from the course view. */
export type TeamChange =
  | { kind: 'move'; learner: User; from: TeamWithMembers | null }
  | { kind: 'remove'; learner: User; from: TeamWithMembers }
  | { kind: 'add'; team: TeamWithMembers }
  | { kind: 'rename'; team: TeamWithMembers }
  | { kind: 'delete'; team: TeamWithMembers };

/** The dialog of each change: what it does, in words, before it is done. */
export function TeamChangeDialogs({
  courseId,
  change,
  teams,
  places,
  onClose,
}: {
  courseId: string;
  change: TeamChange;
  teams: readonly TeamWithMembers[];
  places: CoursePlaces;
  onClose: () => void;
}) {
  const changes = useTeamChanges(courseId, onClose);
  const { pending, error } = changes;
  switch (change.kind) {
    case 'move':
      return (
        <MoveLearnerDialog
          learner={change.learner}
          from={change.from}
          teams={teams}
          pending={pending}
          error={error}
          onMove={(to) => changes.place(to.id, [change.learner.id])}
          onClose={onClose}
        />
      );
    case 'remove':
      return (
        <CourseDialog
          title={`Remove ${change.learner.name} from ${change.from.name}?`}
          submitLabel="Remove from team"
          danger
          pending={pending}
          error={error}
          onSubmit={() => changes.takeOut(change.from.id, change.learner.id)}
          onClose={onClose}
        >
          <p>They stay in the course, in no team, and no longer open {change.from.name}’s documents. What they wrote there stays credited to them.</p>
        </CourseDialog>
      );
    case 'add':
      return <AddLearnersDialog team={change.team} places={places} pending={pending} error={error} onAdd={(ids) => changes.place(change.team.id, ids)} onClose={onClose} />;
    case 'rename':
      return <RenameTeamDialog team={change.team} pending={pending} error={error} onRename={(name) => changes.rename(change.team.id, name)} onClose={onClose} />;
    case 'delete':
      return (
        <CourseDialog
          title={`Delete ${change.team.name}?`}
          submitLabel="Delete team"
          danger
          pending={pending}
          error={error}
          onSubmit={() => changes.deleteTeam(change.team.id)}
          onClose={onClose}
        >
          <p>
            Its learners stay in the course, in no team. A team whose documents hold writing or feedback cannot be deleted: move its learners to
            other teams instead.
          </p>
        </CourseDialog>
      );
  }
}

function AddLearnersDialog({
  team,
  places,
  pending,
  error,
  onAdd,
  onClose,
}: {
  team: TeamWithMembers;
  places: CoursePlaces;
  pending: boolean;
  error: unknown;
  onAdd: (userIds: string[]) => void;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  return (
    <CourseDialog
      title={`Add learners to ${team.name}`}
      submitLabel={chosen.size === 1 ? 'Add 1 learner' : `Add ${chosen.size} learners`}
      disabled={chosen.size === 0}
      pending={pending}
      error={error}
      onSubmit={() => onAdd([...chosen])}
      onClose={onClose}
    >
      <LearnerPicker places={places} chosen={chosen} onChange={setChosen} legend="Learners" exceptTeamId={team.id} />
    </CourseDialog>
  );
}

function RenameTeamDialog({
  team,
  pending,
  error,
  onRename,
  onClose,
}: {
  team: TeamWithMembers;
  pending: boolean;
  error: unknown;
  onRename: (name: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(team.name);
  const trimmed = name.trim();
  return (
    <CourseDialog
      title={`Rename ${team.name}`}
      submitLabel="Rename"
      disabled={trimmed.length === 0 || trimmed === team.name}
      pending={pending}
      error={error}
      onSubmit={() => onRename(trimmed)}
      onClose={onClose}
    >
      <TextField label="Team name" value={name} maxLength={120} autoFocus onChange={(event) => setName(event.target.value)} />
    </CourseDialog>
  );
}
