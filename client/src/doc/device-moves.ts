import type { ClientIdMove } from './client-id-move';

/**
 * The moves of refused client ids made on this device, per device copy,
 * shared by its tabs. Tabs of one browser hold the same device copy (and
 * pass each other their edits), so a refused id makes each of them move
 * the same edits. One tab at a time moves (a Web Lock per copy), the next
 * one reads the moves made before it and reuses their fresh ids
 * (client-id-move.ts `unacknowledged`), so the text lands once.
 */

/** The latest moves kept per device copy: a few per refusal, and refusals are rare. */
const keptMoves = 50;

const storageKey = (copy: string) => `${copy}:moves`;

/** Runs `work` while no other tab of this browser moves edits of the same device copy. */
export function oneTabAtATime<T>(copy: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? (locks.request(`${copy}:moving`, work) as Promise<T>) : work();
}

/** The moves tabs of this browser made for the device copy, oldest first; none when unreadable. */
export function movesMadeHere(copy: string): ClientIdMove[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(copy)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isMove) : [];
  } catch {
    return [];
  }
}

export function rememberMoves(copy: string, moves: readonly ClientIdMove[]): void {
  if (moves.length === 0) return;
  try {
    localStorage.setItem(storageKey(copy), JSON.stringify([...movesMadeHere(copy), ...moves].slice(-keptMoves)));
  } catch {
    // Storage full or refused: another tab then moves on its own, as before there was a record.
  }
}

function isMove(value: unknown): value is ClientIdMove {
  if (typeof value !== 'object' || value === null) return false;
  const move = value as Record<string, unknown>;
  return ['client', 'from', 'until', 'to'].every((key) => Number.isSafeInteger(move[key]));
}
