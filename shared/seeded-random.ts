/**
 * Numbers from a seed, the same sequence for the same seed: what makes a
 * proposal of teams repeatable (confirming makes what the preview showed)
 * and a benchmark's load the same from run to run. Not for secrets.
 */

/** mulberry32: numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
