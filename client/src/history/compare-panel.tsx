import { useId } from 'react';
import type { User } from '../../../shared/schemas/auth';
import type { CompareResponse, Version } from '../../../shared/schemas/history';
import type { ComparePoint } from '../api/history-endpoints';
import { useCompare } from '../api/history-queries';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { authorColors } from './author-colors';
import { AuthorLegend, type LegendEntry } from './author-legend';
import { DocumentView } from './document-view';
import { versionLabel } from './timeline-stops';

/** The legend of a comparison: each person with what they inserted and deleted, in their colour. */
export function compareLegend(changes: CompareResponse['changes'], authors: readonly User[]): LegendEntry[] {
  const colors = authorColors(changes.map((change) => change.userId));
  const names = new Map(authors.map((user) => [user.id, user.name]));
  return [...changes]
    .sort((a, b) => b.inserted + b.deleted - (a.inserted + a.deleted))
    .map((change) => ({
      userId: change.userId,
      name: names.get(change.userId) ?? 'Former user',
      color: colors.get(change.userId) ?? '#555555',
      detail: `+${change.inserted.toLocaleString()} −${change.deleted.toLocaleString()} characters`,
    }));
}

/** Two points of the history side by side in one text: insertions and deletions marked and coloured by who made them. */
export function ComparePanel({
  docId,
  versions,
  from,
  to,
  onChange,
}: {
  docId: string;
  versions: readonly Version[];
  from: ComparePoint;
  to: ComparePoint;
  onChange: (from: ComparePoint, to: ComparePoint) => void;
}) {
  const fromId = useId();
  const toId = useId();
  const compared = useCompare(docId, from, to, from !== to);
  const points = versions.filter((version) => !version.scheduled);
  const options = (
    <>
      <option value="start">The start (empty)</option>
      {points.map((version) => (
        <option key={version.id} value={version.id}>
          {versionLabel(version)}
        </option>
      ))}
      <option value="current">Now</option>
    </>
  );
  const data = compared.data;
  const legend = data ? compareLegend(data.changes, data.authors) : [];
  const colors = new Map(legend.map((entry) => [entry.userId, entry.color]));
  const names = new Map((data?.authors ?? []).map((user) => [user.id, user.name]));
  return (
    <div className="compare">
      <div className="compare-pickers">
        <div className="field">
          <label htmlFor={fromId}>From</label>
          <select id={fromId} value={from} onChange={(event) => onChange(event.target.value, to)}>
            {options}
          </select>
        </div>
        <div className="field">
          <label htmlFor={toId}>To</label>
          <select id={toId} value={to} onChange={(event) => onChange(from, event.target.value)}>
            {options}
          </select>
        </div>
      </div>
      {from === to ? (
        <p className="muted">Choose two different points to compare.</p>
      ) : compared.isError ? (
        <InlineError error={compared.error} />
      ) : !data ? (
        <Loading label="Comparing…" />
      ) : (
        <>
          <p className="compare-key small">
            <ins className="change change-insert">Inserted text</ins> is underlined and <del className="change change-delete">deleted text</del> struck
            through, each in the colour of who did it.
          </p>
          {legend.length > 0 && <AuthorLegend entries={legend} label="Who changed what" />}
          <div className="paper history-paper">
            <DocumentView nodes={data.content} colouring="changes" colors={colors} names={names} label="Comparison" />
          </div>
        </>
      )}
    </div>
  );
}
