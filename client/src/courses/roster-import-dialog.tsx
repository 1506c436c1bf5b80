import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { rosterLimits } from '../../../shared/schemas/roster';
import { sendRoster, type RosterAnswer } from '../api/course-endpoints';
import { queryKeys } from '../api/queries';
import { Loading } from '../ui/loading';
import { CourseDialog } from './course-dialog';
import { courseKeys } from './course-queries';
import { learnersToImport, RosterReportView, rosterSummaryText } from './roster-report-view';

/**
 * Importing a roster: pick a CSV file, read the report of what it would do
 * (nothing changes yet), then import. The import button stays disabled
 * while the report has errors: fix the file and pick it again. A confirm
 * the server refuses (the course changed meanwhile) shows its new report.
 */
export function RosterImportDialog({ courseId, onClose }: { courseId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const fileId = useId();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<RosterAnswer | null>(null);
  const preview = useMutation({ mutationFn: (chosen: File) => sendRoster(courseId, chosen, false), onSuccess: setAnswer });
  const confirm = useMutation({
    mutationFn: (chosen: File) => sendRoster(courseId, chosen, true),
    onSuccess: async (result) => {
      setAnswer(result);
      if (result.report.applied) {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: courseKeys.teams(courseId) }),
          queryClient.invalidateQueries({ queryKey: queryKeys.members(courseId) }),
        ]);
      }
    },
  });

  const choose = (chosen: File) => {
    setFile(chosen);
    setAnswer(null);
    confirm.reset();
    preview.mutate(chosen);
  };

  const report = answer?.report ?? null;
  if (report?.applied) {
    return (
      <CourseDialog title="Roster imported" onClose={onClose} wide>
        <p role="status">{rosterSummaryText(report)}.</p>
        {report.summary.invited > 0 && (
          <p className="muted">Invited learners join the course, and their team, when they sign up with the address on the roster.</p>
        )}
      </CourseDialog>
    );
  }

  const count = report ? learnersToImport(report) : 0;
  return (
    <CourseDialog
      title="Import a roster"
      wide
      submitLabel={`Import ${count} ${count === 1 ? 'learner' : 'learners'}`}
      disabled={!file || !report?.ready || count === 0 || preview.isPending}
      pending={confirm.isPending}
      error={answer?.refused ?? preview.error ?? confirm.error}
      onSubmit={() => file && confirm.mutate(file)}
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor={fileId}>Roster CSV file</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) choose(chosen);
            // Cleared, so that choosing the same file again once corrected reads it again.
            event.target.value = '';
          }}
        />
        {file && <p className="small">Chosen: {file.name}</p>}
        <p className="hint" id={hintId}>
          A header row, then one learner a row: name, email, and optionally team. Other columns (a section, a level) are kept for balancing
          teams. UTF-8, up to {rosterLimits.maxRows.toLocaleString()} rows. Nothing changes until you import.
        </p>
      </div>
      {preview.isPending && <Loading label="Reading the roster…" />}
      {report && !preview.isPending && (
        <>
          <RosterReportView key={file?.name} report={report} />
          {!report.ready && report.problems.length === 0 && (
            <p className="roster-blocked" role="note">
              Rows with errors must be fixed before anything is imported: correct the file and choose it again.
            </p>
          )}
        </>
      )}
    </CourseDialog>
  );
}
