import type { TimelineStep, Version } from '../../../shared/schemas/history';

/** A point the timeline slider can stop at: the document after update `updateId`. */
export interface TimelineStop {
  updateId: number;
  /** When that update was made; null for the empty document at the start. */
  at: number | null;
  /** Versions that show exactly this point. */
  versions: Version[];
  /** Who edited in the minute that ends here (empty for a version-only stop or for readers without names). */
  editors: TimelineStep['editors'];
}

/**
 * The slider's stops: the empty document, the end of every minute with
 * edits (the server's timeline) and every version's own point, oldest first.
 * Versions are stops of their own because they may fall inside a minute
 * ("Draft 1" made a few seconds before more typing), and they are the points
 * people look for. Scheduled deadlines (no point yet) are left out.
 */
export function timelineStops(steps: readonly TimelineStep[], versions: readonly Version[]): TimelineStop[] {
  const stops = new Map<number, TimelineStop>();
  const stopAt = (updateId: number, at: number | null) => {
    let stop = stops.get(updateId);
    if (!stop) stops.set(updateId, (stop = { updateId, at, versions: [], editors: [] }));
    return stop;
  };
  if (steps.length > 0 || versions.length > 0) stopAt(0, null);
  for (const step of steps) {
    const stop = stopAt(step.lastUpdateId, step.at);
    stop.at = step.at;
    stop.editors = step.editors;
  }
  for (const version of versions) {
    if (version.lastUpdateId === null || version.scheduled) continue;
    const stop = stopAt(version.lastUpdateId, version.createdAt);
    stop.versions.push(version);
  }
  return [...stops.values()].sort((a, b) => a.updateId - b.updateId);
}

/** The index of the stop showing `updateId` (or the last one before it), for jumping to a version. */
export function stopIndexFor(stops: readonly TimelineStop[], updateId: number): number {
  let found = 0;
  stops.forEach((stop, index) => {
    if (stop.updateId <= updateId) found = index;
  });
  return found;
}

/** What a version is called in lists and on the slider. */
export function versionLabel(version: Version): string {
  if (version.name) return version.name;
  return version.kind === 'auto' ? 'End of an editing session' : version.kind === 'deadline' ? 'Deadline' : 'Unnamed version';
}
