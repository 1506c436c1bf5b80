import { useId } from 'react';
import type { User } from '../../../shared/schemas/auth';
import { dateAndTime } from '../ui/date-formats';
import { versionLabel, type TimelineStop } from './timeline-stops';

export function describeStop(stop: TimelineStop | undefined): string {
  if (!stop) return '';
  if (stop.at === null) return 'The start: an empty document';
  const names = stop.versions.map(versionLabel);
  return `${dateAndTime().format(stop.at)}${names.length > 0 ? ` · ${names.join(', ')}` : ''}`;
}

/**
 * The timeslider (as Etherpad's): a range input over the history's stops,
 * with the versions marked along it as buttons that jump there. Arrow keys
 * step one stop; the value is announced as a date and any version's name.
 */
export function TimelineScrubber({
  stops,
  index,
  onChange,
  users,
}: {
  stops: readonly TimelineStop[];
  index: number;
  onChange: (index: number) => void;
  users: ReadonlyMap<string, User>;
}) {
  const id = useId();
  const last = Math.max(0, stops.length - 1);
  const stop = stops[index];
  const position = (i: number) => (last === 0 ? 0 : (i / last) * 100);
  return (
    <div className="timeline">
      <div className="timeline-head">
        <label htmlFor={id} className="timeline-label">
          Timeline
        </label>
        <output htmlFor={id} className="timeline-now" aria-live="polite">
          {describeStop(stop)}
        </output>
      </div>
      <div className="timeline-track">
        <input
          id={id}
          type="range"
          min={0}
          max={last}
          step={1}
          value={index}
          aria-valuetext={describeStop(stop)}
          onChange={(event) => onChange(Number(event.target.value))}
        />
        <ul className="timeline-marks" aria-label="Versions on the timeline">
          {stops.map((s, i) =>
            s.versions.length > 0 ? (
              <li key={s.updateId} style={{ left: `${position(i)}%` }}>
                <button
                  type="button"
                  className={`timeline-mark mark-${s.versions[0]?.kind ?? 'named'}${i === index ? ' is-current' : ''}`}
                  title={s.versions.map(versionLabel).join(', ')}
                  aria-label={`Go to ${s.versions.map(versionLabel).join(', ')}`}
                  onClick={() => onChange(i)}
                />
              </li>
            ) : null,
          )}
        </ul>
      </div>
      <div className="timeline-controls">
        <button type="button" className="button small" onClick={() => onChange(Math.max(0, index - 1))} disabled={index === 0}>
          ← Earlier
        </button>
        <span className="muted small">
          {index + 1} of {stops.length}
          {stop && stop.editors.length > 0 && ` · edited by ${stop.editors.map((e) => users.get(e.userId)?.name ?? 'someone').join(', ')}`}
        </span>
        <button type="button" className="button small" onClick={() => onChange(Math.min(last, index + 1))} disabled={index >= last}>
          Later →
        </button>
      </div>
    </div>
  );
}
