import { generateLoad } from '../load-generator';
import type { Headline, Scenario } from '../scenario';
import { serverKinds, startServerUnderTest } from '../servers';

/**
 * Propagation: writers typing at 20 edits/s each on one document
 * with readers watching, every client with an awareness user as editors
 * have. Typing starts once everyone sees everyone present. With 200 readers
 * it goes on for 17 s: every stock client renews its awareness state 15 to
 * 18 s after setting it (y-protocols checks every 3 s), and the storm of
 * relays and echoes that follows is part of what a session that size sees.
 * The other shapes type for 6 and 10 s, so that 3 repeats on 4 servers fit
 * in about ten minutes with the trace replays. The quick run (CI) types for 1 s with a few clients: it
 * proves the path converges.
 */
interface Shape {
  id: string;
  writers: number;
  readers: number;
  seconds: number;
  quick: { writers: number; readers: number };
}

const shapes: Shape[] = [
  { id: 'propagation-1x10', writers: 1, readers: 10, seconds: 6, quick: { writers: 1, readers: 3 } },
  { id: 'propagation-1x50', writers: 1, readers: 50, seconds: 6, quick: { writers: 1, readers: 5 } },
  { id: 'propagation-1x200', writers: 1, readers: 200, seconds: 17, quick: { writers: 1, readers: 8 } },
  { id: 'propagation-10x10', writers: 10, readers: 10, seconds: 10, quick: { writers: 3, readers: 3 } },
];

const editsPerSecond = 20;
const quickSeconds = 1;

const headline: Headline[] = [
  { metric: 'p50Ms', label: 'propagation p50', unit: 'ms', better: 'lower' },
  { metric: 'p99Ms', label: 'propagation p99', unit: 'ms', better: 'lower' },
  { metric: 'serverCpuSeconds', label: 'server CPU', unit: 's', better: 'lower' },
  { metric: 'serverPeakRssBytes', label: 'server peak RSS', unit: 'bytes', better: 'lower' },
];

export const propagationScenarios: Scenario[] = shapes.map((shape) => ({
  id: shape.id,
  title: `${shape.writers} writer${shape.writers > 1 ? 's' : ''} + ${shape.readers} readers, ${editsPerSecond} edits/s each, ${shape.seconds} s`,
  servers: serverKinds,
  headline,
  async run(kind, { quick }) {
    const { writers, readers } = quick ? shape.quick : shape;
    const server = await startServerUnderTest(kind, { docs: 1 });
    try {
      const metrics = await generateLoad(server, {
        scenario: shape.id,
        writers,
        readers,
        editsPerSecond,
        seconds: quick ? quickSeconds : shape.seconds,
      });
      return { metrics };
    } finally {
      await server.stop();
    }
  },
}));
