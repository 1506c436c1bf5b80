import { describe, expect, it } from 'vitest';
import type { Version } from '../../../shared/schemas/history';
import { stopIndexFor, timelineStops } from './timeline-stops';

const version = (id: string, lastUpdateId: number | null, extra: Partial<Version> = {}): Version => ({
  id,
  docId: 'docdocdocdocdocd',
  kind: 'named',
  name: id,
  createdAt: 1000 + (lastUpdateId ?? 0),
  createdBy: null,
  lastUpdateId,
  locked: false,
  scheduled: false,
  ...extra,
});

describe('timelineStops', () => {
  it('starts empty, stops at each minute and at each version inside a minute, in order', () => {
    const steps = [
      { lastUpdateId: 10, at: 60_000, edits: 10, editors: [{ userId: 'a', edits: 10 }] },
      { lastUpdateId: 30, at: 120_000, edits: 20, editors: [] },
    ];
    const stops = timelineStops(steps, [version('Draft 1', 22), version('End of minute', 30), version('Deadline ahead', null, { scheduled: true })]);
    expect(stops.map((stop) => stop.updateId)).toEqual([0, 10, 22, 30]);
    expect(stops[0]?.at).toBeNull();
    expect(stops[1]?.editors).toEqual([{ userId: 'a', edits: 10 }]);
    expect(stops[2]?.versions.map((v) => v.name)).toEqual(['Draft 1']);
    // A version at the end of a minute shares the minute's stop and keeps the minute's time.
    expect(stops[3]).toMatchObject({ at: 120_000, versions: [{ name: 'End of minute' }] });
  });

  it('has no stops for a document nobody wrote in', () => {
    expect(timelineStops([], [])).toEqual([]);
  });

  it('finds the stop of an update, or the last one before it', () => {
    const stops = timelineStops([{ lastUpdateId: 5, at: 1, edits: 1, editors: [] }, { lastUpdateId: 9, at: 2, edits: 1, editors: [] }], []);
    expect(stopIndexFor(stops, 9)).toBe(2);
    expect(stopIndexFor(stops, 7)).toBe(1);
    expect(stopIndexFor(stops, 0)).toBe(0);
  });
});
