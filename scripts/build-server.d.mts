/** The folder `npm run build` writes the server to. */
export const serverOut: string;
/** Builds the server into `outdir` (dist/server by default) and answers its entry file. */
export function buildServer(outdir?: string): Promise<string>;
