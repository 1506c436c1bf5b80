import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, served at /metrics. One registry per server instance. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    connections: new Gauge({
      name: 'commonplace_sync_connections',
      help: 'Open sync socket connections.',
      registers: [registry],
    }),
    loadedDocs: new Gauge({
      name: 'commonplace_sync_loaded_documents',
      help: 'Documents held in memory.',
      registers: [registry],
    }),
    updates: new Counter({
      name: 'commonplace_sync_updates_total',
      help: 'Document updates stored.',
      registers: [registry],
    }),
    rejectedMessages: new Counter({
      name: 'commonplace_sync_rejected_messages_total',
      help: 'Socket messages refused, by reason.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    persistSeconds: new Histogram({
      name: 'commonplace_sync_persist_seconds',
      help: 'Time to commit one batch of updates.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
