import type { Contribution } from '../../../shared/schemas/history';

/** The three measures the bars draw, in the order they are drawn and read. */
export const barMeasures = [
  { key: 'surviving', label: 'Surviving', description: 'characters of theirs in the document now' },
  { key: 'inserted', label: 'Inserted', description: 'characters typed or pasted' },
  { key: 'deleted', label: 'Deleted', description: 'characters removed, whoever wrote them' },
] as const;
export type BarMeasure = (typeof barMeasures)[number]['key'];

/** Pasted text from this share of someone's insertions on is flagged. */
export const pastedFlagShare = 0.5;

/** The share of someone's inserted characters that came in large single insertions (0..1). */
export function pastedShare(contribution: Pick<Contribution, 'inserted' | 'pasted'>): number {
  return contribution.inserted > 0 ? Math.min(1, contribution.pasted / contribution.inserted) : 0;
}

export function isMostlyPasted(contribution: Pick<Contribution, 'inserted' | 'pasted'>): boolean {
  return contribution.pasted > 0 && pastedShare(contribution) >= pastedFlagShare;
}

/** The share of the document's characters someone wrote (0..1). */
export function survivingShare(surviving: number, documentCharacters: number): number {
  return documentCharacters > 0 ? Math.min(1, surviving / documentCharacters) : 0;
}

/**
 * One scale for every bar of a chart, so that lengths compare across
 * measures and people; a "nice" maximum (1, 2 or 5 times a power of ten,
 * at least 10) gives whole tick labels at 0, half and the maximum.
 */
export function barScale(contributions: readonly Pick<Contribution, BarMeasure>[]): { max: number; ticks: number[] } {
  let largest = 0;
  for (const c of contributions) largest = Math.max(largest, c.surviving, c.inserted, c.deleted);
  const max = niceCeiling(Math.max(largest, 10));
  return { max, ticks: [0, max / 2, max] };
}

export function niceCeiling(value: number): number {
  if (value <= 0) return 10;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

/** "42%" for a share (0..1). */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
