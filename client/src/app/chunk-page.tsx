import { type ComponentType, useEffect, useState } from 'react';
import { Loading } from '../ui/loading';
import type { Chunk } from './page-data';

/**
 * A page whose code is a chunk of its own: drawn at once when the chunk is
 * here already (loaded at start-up for the address opened, or as soon as a
 * link to it was hovered: page-data.ts, which shares these imports), else
 * after `label` until it is. It never suspends: once a Suspense fallback has
 * been shown, React holds the content back until 300 ms after it (its
 * fallback throttle, so that content arriving in pieces is revealed
 * together). Opening a document from a link on the home page, the chunk came
 * about 0.2 s after the click and the page then waited 0.18 s more, doing
 * nothing, before it started the document's session. A chunk that fails to
 * load is thrown as the page renders, so the route's error page offers a
 * reload.
 */
export function chunkPage(load: Chunk<{ default: ComponentType }>, label: string): ComponentType {
  return function ChunkPage() {
    const [Loaded, setLoaded] = useState(() => load.loaded?.default);
    const [failure, setFailure] = useState<{ error: unknown } | null>(null);
    useEffect(() => {
      if (Loaded) return;
      let mounted = true;
      load().then(
        (page) => mounted && setLoaded(() => page.default),
        (error: unknown) => mounted && setFailure({ error }),
      );
      return () => {
        mounted = false;
      };
    }, [Loaded]);
    if (failure) throw failure.error;
    return Loaded ? <Loaded /> : <Loading label={label} />;
  };
}
