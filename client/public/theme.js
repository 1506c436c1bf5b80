// The colour theme, set on <html data-theme> before the first paint so that a
// dark page never flashes light. A file, not an inline script: the
// Content-Security-Policy runs scripts from the app's own origin only. The
// reader's choice (the header's toggle, client/src/ui/theme.ts, same storage
// key) wins; without one the system's preference decides, and is followed
// when it changes.
(() => {
  const storageKey = 'commonplace-theme';
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const chosen = () => {
    try {
      const value = localStorage.getItem(storageKey);
      return value === 'dark' || value === 'light' ? value : null;
    } catch {
      return null;
    }
  };
  const apply = () => {
    document.documentElement.dataset.theme = chosen() ?? (media.matches ? 'dark' : 'light');
  };
  apply();
  media.addEventListener('change', apply);
})();
