import type { Scenario } from '../scenario';
import { propagationScenarios } from './propagation';
import { traceReplayScenarios } from './trace-replay';
import { coldLoad } from './cold-load';
import { memory } from './memory';
import { persistence } from './persistence';
import { endpoints } from './endpoints';

/** Every scenario of the side-by-side bench, in the order the README table lists them. */
export const scenarios: Scenario[] = [
  ...propagationScenarios,
  ...traceReplayScenarios,
  coldLoad,
  memory,
  persistence,
  endpoints,
];
