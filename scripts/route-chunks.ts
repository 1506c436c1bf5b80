import type { Plugin, Rollup } from 'vite';
import { chunkedPages } from '../client/src/app/chunked-pages.ts';

/** The id of the data block in index.html that public/route-preload.js reads. */
export const routeChunksId = 'route-chunks';

/** One chunked page's route and the files it needs beyond index.html's own. */
export type RouteChunks = [path: string, files: string[]];

/**
 * Writes into the built index.html which files each chunked page
 * (client/src/app/chunked-pages.ts) needs beyond those index.html loads
 * already: the chunk holding its module, the chunks that one imports, and their styles. As a JSON data
 * block, which is never run, so the Content-Security-Policy (scripts from
 * the app's own origin only) allows it. public/route-preload.js, a plain
 * script in the head, reads it and asks for the opened page's files at once:
 * otherwise they are asked for only once the app's own code has arrived and
 * run, one wait after the other.
 */
export function routeChunks(): Plugin {
  return {
    name: 'commonplace:route-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return;
        const chunks = new Map<string, Rollup.OutputChunk>();
        for (const output of Object.values(bundle)) if (output.type === 'chunk') chunks.set(output.fileName, output);
        const loadedAnyway = filesOf(entry, chunks);
        const routes: RouteChunks[] = Object.values(chunkedPages).map(({ path, module }) => {
          const page = [...chunks.values()].find((chunk) => chunk.moduleIds.some((id) => id.endsWith(`/client/src/${module}`)));
          if (!page) throw new Error(`No chunk holds client/src/${module}: chunked-pages.ts names a page the app does not import.`);
          return [path, [...filesOf(page, chunks)].filter((file) => !loadedAnyway.has(file)).map((file) => `/${file}`)];
        });
        return [
          {
            tag: 'script',
            attrs: { type: 'application/json', id: routeChunksId },
            // "<" escaped: no file name holds one, but a data block must never close its own tag.
            children: JSON.stringify(routes).replaceAll('<', '\\u003c'),
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

/** `chunk`'s file, the chunks it imports statically (transitively) and every one's styles. */
function filesOf(chunk: Rollup.OutputChunk, chunks: ReadonlyMap<string, Rollup.OutputChunk>): Set<string> {
  const files = new Set<string>();
  const pending = [chunk];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (files.has(next.fileName)) continue;
    files.add(next.fileName);
    for (const css of next.viteMetadata?.importedCss ?? []) files.add(css);
    for (const imported of next.imports) {
      const importedChunk = chunks.get(imported);
      if (importedChunk) pending.push(importedChunk);
    }
  }
  return files;
}
