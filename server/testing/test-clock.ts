/**
 * A clock that a test moves on by hand: real time plus what the test
 * advanced. Two writes in the same millisecond get different times once the
 * test advances it between them, without sleeping.
 */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let advanced = 0;
  return {
    now: () => Date.now() + advanced,
    advance: (ms) => {
      advanced += ms;
    },
  };
}
