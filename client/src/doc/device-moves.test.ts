// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { movesMadeHere, oneTabAtATime, rememberMoves } from './device-moves';

afterEach(() => localStorage.clear());

describe('the moves a device’s tabs made', () => {
  it('are kept per device copy, newest last, and at most fifty', () => {
    rememberMoves('copy-a', [{ client: 1, from: 0, until: 3, to: 9 }]);
    rememberMoves('copy-b', [{ client: 2, from: 1, until: 2, to: 8 }]);
    expect(movesMadeHere('copy-a')).toEqual([{ client: 1, from: 0, until: 3, to: 9 }]);
    for (let i = 0; i < 60; i++) rememberMoves('copy-a', [{ client: 100 + i, from: 0, until: 1, to: 200 + i }]);
    const kept = movesMadeHere('copy-a');
    expect(kept).toHaveLength(50);
    expect(kept.at(-1)).toEqual({ client: 159, from: 0, until: 1, to: 259 });
  });

  it('reads as none when what is stored is not a list of moves', () => {
    localStorage.setItem('copy-a:moves', '{not json');
    expect(movesMadeHere('copy-a')).toEqual([]);
    localStorage.setItem('copy-a:moves', JSON.stringify([{ client: 'x' }, { client: 1, from: 0, until: 2, to: 3 }]));
    expect(movesMadeHere('copy-a')).toEqual([{ client: 1, from: 0, until: 2, to: 3 }]);
  });

  it('runs the move in a browser without Web Locks too (as here, in jsdom)', async () => {
    expect(await oneTabAtATime('copy-a', async () => 'moved')).toBe('moved');
  });
});
