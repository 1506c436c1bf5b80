import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RosterSyncResult, TeamsFromGroupsResult } from '../../../shared/schemas/lti';
import { ApiError } from '../api/api-error';
import { queryKeys } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { courseKeys, useLmsLink } from './course-queries';

/** Built on first use, as the date formats are (ui/date-formats.ts). */
let relative: Intl.RelativeTimeFormat | undefined;

/** "just now", "5 minutes ago", "yesterday": how long ago `at` was, in the largest unit that fits. */
export function sinceText(at: number, now = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds > -60) return 'just now';
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['minute', 60],
    ['hour', 60 * 60],
    ['day', 24 * 60 * 60],
    ['month', 30 * 24 * 60 * 60],
    ['year', 365 * 24 * 60 * 60],
  ];
  let chosen = units[0]!;
  for (const unit of units) if (-seconds >= unit[1]) chosen = unit;
  relative ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  return relative.format(Math.round(seconds / chosen[1]), chosen[0]);
}

const syncText = (result: RosterSyncResult) => `${result.added} joined, ${result.removed} left, ${result.unchanged} unchanged`;

function teamsText(result: TeamsFromGroupsResult): string {
  const made = result.created.length;
  const text = made === 0 ? 'No new teams' : `${made} ${made === 1 ? 'team' : 'teams'} made`;
  return result.existing > 0 ? `${text} (${result.existing} already there)` : text;
}

/**
 * A failed sync, in the server's words when it says what the LMS did (it
 * refused a token, is unreachable, offers no roster): the general "server
 * is down" reading of a 503 would send the instructor the wrong way.
 */
function LmsError({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError && !error.isNetwork && (error.code === 'unavailable' || error.status === 409)) {
    return (
      <p className="inline-error" role="alert">
        <strong>That didn’t work.</strong> {error.message}
      </p>
    );
  }
  return <InlineError error={error} />;
}

/**
 * The course's LMS, for its instructors, when the course is linked to one
 * through an LMS launch: its roster synced from the LMS on demand (who
 * joined, who left), and teams made from the LMS's groups where it offers
 * them. Either brings new people, so both refresh the course's teams and
 * roster. Nothing shows for a course linked to no LMS.
 */
export function LmsLink({ courseId }: { courseId: string }) {
  const queryClient = useQueryClient();
  const link = useLmsLink(courseId);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: courseKeys.teams(courseId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.members(courseId) }),
      queryClient.invalidateQueries({ queryKey: courseKeys.lmsLink(courseId) }),
    ]);
  const lti = () => import('../api/lti-endpoints').then((module) => module.callLti);
  const sync = useMutation({
    mutationFn: async () => (await lti())('POST /api/groups/:courseId/lti/roster-sync', { params: { courseId } }),
    onSettled: refresh,
  });
  const seed = useMutation({
    mutationFn: async () => (await lti())('POST /api/groups/:courseId/lti/teams-from-groups', { params: { courseId } }),
    onSettled: refresh,
  });

  const lms = link.data;
  if (!lms) return null;
  const name = lms.title.trim() || 'the LMS';
  const busy = sync.isPending || seed.isPending;
  // Each action's answer replaces the other's, so an old refusal does not linger beside a new result.
  const run = (action: typeof sync | typeof seed, other: typeof sync | typeof seed) => {
    other.reset();
    action.mutate();
  };
  return (
    <section className="lms-link" aria-label="LMS">
      <div className="lms-link-row">
        <span className="lms-link-badge" title={lms.platform}>
          LMS
        </span>
        {lms.offersRoster ? (
          <button type="button" className="button small" disabled={busy} onClick={() => run(sync, seed)}>
            {sync.isPending ? 'Syncing roster…' : `Sync roster from ${name}`}
          </button>
        ) : (
          <span className="muted small">{lms.title.trim() || 'The LMS'} shares no roster with Commonplace: turn on its Names and Roles service.</span>
        )}
        {lms.offersGroups && (
          <button type="button" className="button small" disabled={busy} onClick={() => run(seed, sync)}>
            {seed.isPending ? 'Making teams…' : 'Teams from LMS groups'}
          </button>
        )}
      </div>
      <p className="muted small lms-link-status" role="status">
        {lms.rosterSyncedAt === null ? 'Not synced yet' : `Last synced ${sinceText(lms.rosterSyncedAt)}`}
        {sync.data && ` · ${syncText(sync.data)}`}
        {seed.data && ` · ${teamsText(seed.data)}`}
      </p>
      <LmsError error={sync.error ?? seed.error} />
    </section>
  );
}
