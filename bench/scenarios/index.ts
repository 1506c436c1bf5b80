import type { Scenario } from '../scenario';

/** Every scenario of the side-by-side bench, in the order the README table lists them. */
export const scenarios: Scenario[] = [];
