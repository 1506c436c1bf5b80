import type { FeedItem } from '../../../shared/schemas/activity';

/** One place to step to: a section one editing session touched. */
export interface ChangeStop {
  key: string;
  /** The editing session (a feed item of type `edit-session`). */
  change: FeedItem;
  /** The section's heading; null: before the first heading. */
  heading: string | null;
}

/**
 * The stops of "what changed since your last visit": each session's
 * sections in the session order (oldest first), most changed section first
 * within a session (the server's order), each section once per session.
 */
export function changeStops(changes: readonly FeedItem[]): ChangeStop[] {
  const stops: ChangeStop[] = [];
  for (const change of changes) {
    const sections = change.edit?.sections ?? [];
    const seen = new Set<string | null>();
    for (const { heading } of sections) {
      if (seen.has(heading)) continue;
      seen.add(heading);
      stops.push({ key: `${change.id}:${heading ?? ''}`, change, heading });
    }
    if (sections.length === 0) stops.push({ key: `${change.id}:`, change, heading: null });
  }
  return stops;
}

/** "+1,240 words" / "−3 words": a session's words in and out, only what is not zero. */
export function wordChanges(change: FeedItem): { added: string | null; removed: string | null } {
  const edit = change.edit;
  const words = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'word' : 'words'}`;
  return {
    added: edit && edit.wordsAdded > 0 ? `+${words(edit.wordsAdded)}` : null,
    removed: edit && edit.wordsRemoved > 0 ? `−${words(edit.wordsRemoved)}` : null,
  };
}
