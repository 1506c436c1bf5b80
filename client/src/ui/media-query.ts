import { useSyncExternalStore } from 'react';

/**
 * Whether a CSS media query matches now, kept up to date: for the few layout
 * choices CSS alone cannot make (feedback in a drawer on one-column screens).
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Below this width the document page has one column, and feedback opens in a drawer over the text. */
export const oneColumnQuery = '(max-width: 900px)';
