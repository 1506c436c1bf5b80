/** Builds the server into `outdir` (dist/server by default) and answers its entry file. */
export function buildServer(outdir?: string): Promise<string>;
