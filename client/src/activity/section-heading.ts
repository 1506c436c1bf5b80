/**
 * Finding a section of the document by its heading's text, for the links of
 * the feed (`/docs/:id?section=<heading>`) and the steps through what changed
 * since the last visit. Headings are found in the editor's DOM, not in the
 * Yjs document, so this works whatever the editor's extensions are.
 */

/** Decorations inside the text that are not the document's (others' carets). */
const decorations = '.collaboration-carets__caret';

function headingText(heading: Element): string {
  const copy = heading.cloneNode(true) as Element;
  copy.querySelectorAll(decorations).forEach((decoration) => decoration.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The first heading of `root` whose text is `text` (spacing aside). */
export function findHeading(root: ParentNode, text: string): HTMLElement | null {
  const wanted = text.replace(/\s+/g, ' ').trim();
  for (const heading of root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')) {
    if (headingText(heading) === wanted) return heading;
  }
  return null;
}

function onScreen(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}

const reducedMotion = () => typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * Scrolls to the section headed `heading` (null: the start of the
 * document, before the first heading). Returns whether it was found.
 */
export function scrollToSection(root: HTMLElement, heading: string | null): boolean {
  const target = heading === null ? root : findHeading(root, heading);
  if (!target) return false;
  // A heading already on screen stays where it is: the page does not jump under the reader.
  if (heading !== null && onScreen(target)) return true;
  target.scrollIntoView?.({ behavior: reducedMotion() ? 'auto' : 'smooth', block: heading === null ? 'start' : 'center' });
  return true;
}

/**
 * Scrolls to the section once its heading is there: the document's text
 * arrives after the page opens (from IndexedDB, then the server). Gives up
 * after `timeoutMs`. Returns a function that stops waiting.
 */
export function scrollToSectionWhenShown(root: HTMLElement, heading: string, timeoutMs = 10_000): () => void {
  if (scrollToSection(root, heading)) return () => undefined;
  const observer = new MutationObserver(() => {
    if (scrollToSection(root, heading)) stop();
  });
  const timer = setTimeout(() => stop(), timeoutMs);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
  };
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return stop;
}
