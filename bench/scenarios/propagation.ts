import { generateLoad } from '../load-generator';
import type { Headline, Scenario } from '../scenario';
import { serverKinds, startServerUnderTest } from '../servers';

/**
 * Propagation: writers typing on documents with readers watching, every
 * client with an awareness user as editors have. Typing starts once
 * everyone sees everyone present on their document. With 200 readers it
 * goes on for 17 s: every stock client renews its awareness state 15 to
 * 18 s after setting it (y-protocols checks every 3 s), and the storm of
 * relays and echoes that follows is part of what a session that size sees.
 * The other shapes type for 6 and 10 s, so that 3 repeats on 4 servers fit
 * in a run. The quick run (CI) types for 1 s with a few clients: it proves
 * the path converges.
 *
 * Two shapes are a class at once, typing at 5 edits/s (someone writing
 * steadily) rather than 20: a lecture of 1,000 on one document, 10 of them
 * typing; and 50 teams of 20 on their own documents, 2 typing in each.
 */
interface Shape {
  id: string;
  title: string;
  documents: number;
  /** Per document. */
  writers: number;
  /** Per document. */
  readers: number;
  editsPerSecond: number;
  seconds: number;
  quick: { documents: number; writers: number; readers: number };
  /** Server settings the shape needs. */
  env?: Record<string, string>;
}

const single = (writers: number, readers: number, seconds: number, quick: { writers: number; readers: number }): Shape => ({
  id: `propagation-${writers}x${readers}`,
  title: `${writers} writer${writers > 1 ? 's' : ''} + ${readers} readers, 20 edits/s each, ${seconds} s`,
  documents: 1,
  writers,
  readers,
  editsPerSecond: 20,
  seconds,
  quick: { documents: 1, ...quick },
});

const shapes: Shape[] = [
  single(1, 10, 6, { writers: 1, readers: 3 }),
  single(1, 50, 6, { writers: 1, readers: 5 }),
  single(1, 200, 17, { writers: 1, readers: 8 }),
  single(10, 10, 10, { writers: 3, readers: 3 }),
  {
    id: 'class-1000',
    title: '1,000 clients on one document: 10 writers + 990 readers, 5 edits/s each, 10 s',
    documents: 1,
    writers: 10,
    readers: 990,
    editsPerSecond: 5,
    seconds: 10,
    quick: { documents: 1, writers: 2, readers: 20 },
  },
  {
    id: 'teams-50x20',
    title: '50 documents at once, each 2 writers + 18 readers, 5 edits/s each, 10 s',
    documents: 50,
    writers: 2,
    readers: 18,
    editsPerSecond: 5,
    seconds: 10,
    quick: { documents: 3, writers: 1, readers: 3 },
    // Commonplace's clients sign in as 10 members round-robin, so each member is on every
    // document: above the per-account cap of open documents that guards against one account
    // loading many (a class of distinct people never reaches it).
    env: { DOCS_PER_USER: '100' },
  },
];

const quickSeconds = 1;

const headline: Headline[] = [
  { metric: 'p50Ms', label: 'propagation p50', unit: 'ms', better: 'lower' },
  { metric: 'p99Ms', label: 'propagation p99', unit: 'ms', better: 'lower' },
  { metric: 'serverCpuSeconds', label: 'server CPU', unit: 's', better: 'lower' },
  { metric: 'serverPeakRssBytes', label: 'server peak RSS', unit: 'bytes', better: 'lower' },
];

export const propagationScenarios: Scenario[] = shapes.map((shape) => ({
  id: shape.id,
  title: shape.title,
  servers: serverKinds,
  headline,
  async run(kind, { quick }) {
    const { documents, writers, readers } = quick ? shape.quick : shape;
    const server = await startServerUnderTest(kind, { docs: documents, ...(shape.env ? { env: shape.env } : {}) });
    try {
      const metrics = await generateLoad(server, {
        scenario: shape.id,
        documents,
        writers,
        readers,
        editsPerSecond: shape.editsPerSecond,
        seconds: quick ? quickSeconds : shape.seconds,
      });
      return { metrics };
    } finally {
      await server.stop();
    }
  },
}));
