/**
 * A server's /metrics (server/metrics.ts, Prometheus text format), read from
 * outside its process: memory, open connections, loaded documents.
 */
export interface ServerMetrics {
  rssBytes: number;
  heapUsedBytes: number;
  connections: number;
  loadedDocs: number;
  /** Any sample, by its name with labels as written, e.g. `commonplace_sync_rejected_messages_total{reason="too-slow"}`. */
  samples: Map<string, number>;
}

/** The METRICS_TOKEN every server started by the tests and benchmarks has, so they can read /metrics. */
export const testMetricsToken = 'metrics-token-for-tests-only';

export async function readMetrics(serverUrl: string): Promise<ServerMetrics> {
  const response = await fetch(`${serverUrl}/metrics`, { headers: { authorization: `Bearer ${testMetricsToken}` } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  const sample = (name: string) => {
    const value = samples.get(name);
    if (value === undefined) throw new Error(`/metrics has no ${name}`);
    return value;
  };
  return {
    rssBytes: sample('process_resident_memory_bytes'),
    heapUsedBytes: sample('nodejs_heap_size_used_bytes'),
    connections: sample('commonplace_sync_connections'),
    loadedDocs: sample('commonplace_sync_loaded_documents'),
    samples,
  };
}
