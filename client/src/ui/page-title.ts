import { useEffect } from 'react';

/** Sets the tab title, so each page is announced and findable among tabs. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Commonplace` : 'Commonplace';
  }, [title]);
}
