import { type ComponentType, useEffect, useState } from 'react';
import { Loading } from '../ui/loading';

/** A chunk's import, made once and shared by whoever asks (the routes, the prefetch: page-data.ts); `loaded` once it is here. */
export interface Chunk<T> {
  (): Promise<T>;
  loaded: T | undefined;
}

/** A chunk whose import is made once; a failed one is tried again. */
export function chunk<T>(load: () => Promise<T>): Chunk<T> {
  let loading: Promise<T> | null = null;
  const get: Chunk<T> = Object.assign(
    () => {
      loading ??= load().then(
        (module) => (get.loaded = module),
        (error: unknown) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
    { loaded: undefined },
  );
  return get;
}

/**
 * A component whose code is a chunk of its own: drawn at once when the chunk
 * is here already (a page's chunk loads at start-up for the address opened,
 * or as soon as a link to it is hovered: page-data.ts), else after `label`
 * until it is. It never suspends: once a Suspense fallback has been shown,
 * React holds the content back until 300 ms after it (its fallback throttle,
 * so that content arriving in pieces is revealed together). Opening a
 * document from a link on the home page, the chunk came about 0.2 s after
 * the click and the page then waited 0.18 s more, doing nothing, before it
 * started the document's session. A chunk that fails to load is thrown as
 * the component renders, so the route's error page offers a reload.
 */
export function chunkComponent<Props extends object>(load: Chunk<{ default: ComponentType<Props> }>, label: string): ComponentType<Props> {
  return function ChunkComponent(props: Props) {
    const [Loaded, setLoaded] = useState(() => load.loaded?.default);
    const [failure, setFailure] = useState<{ error: unknown } | null>(null);
    useEffect(() => {
      if (Loaded) return;
      let mounted = true;
      load().then(
        (module) => mounted && setLoaded(() => module.default),
        (error: unknown) => mounted && setFailure({ error }),
      );
      return () => {
        mounted = false;
      };
    }, [Loaded]);
    if (failure) throw failure.error;
    return Loaded ? <Loaded {...props} /> : <Loading label={label} />;
  };
}
