/** Builds the server into `outdir` (dist/server by default) and answers its entry file. */
export function buildServer(outdir?: string): Promise<string>;

/** The Node flags the server runs under (see build-server.mjs). */
export const serverNodeFlags: readonly string[];
