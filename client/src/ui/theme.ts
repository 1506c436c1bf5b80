/**
 * The colour theme: light or dark, on <html data-theme>. public/theme.js sets
 * it before the first paint (from the stored choice, else the system's
 * preference); the header's toggle changes it here and stores the choice
 * under the same key, so it is remembered on the next visit.
 */
export type Theme = 'light' | 'dark';

const storageKey = 'commonplace-theme';

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function chooseTheme(theme: Theme): void {
  const root = document.documentElement;
  // The whole page changes at once: no control fades from one theme to the other on its own transition.
  root.classList.add('theme-switching');
  root.dataset.theme = theme;
  void getComputedStyle(root).color;
  requestAnimationFrame(() => root.classList.remove('theme-switching'));
  try {
    localStorage.setItem(storageKey, theme);
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
}
