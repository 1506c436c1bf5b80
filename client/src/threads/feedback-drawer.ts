import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { AnchorRange } from '../../../shared/anchors';
import { oneColumnQuery, useMediaQuery } from '../ui/media-query';
import './feedback-drawer.css';

/** What the drawer needs to know of the panel's state (thread-highlights.ts). */
interface DrawerPlacement {
  activeId: string | null;
  taps: number;
  drafting: boolean;
  ranges: ReadonlyMap<string, AnchorRange | null>;
}

export interface FeedbackDrawer {
  /** One column: the panel is a drawer over the bottom of the page rather than a column beside the text. */
  isDrawer: boolean;
  open: boolean;
  show: () => void;
  close: () => void;
  panel: RefObject<HTMLElement | null>;
  opener: RefObject<HTMLButtonElement | null>;
}

/**
 * Feedback on a one-column page (a phone): a drawer that opens at the
 * highlight tapped in the text, scrolled to that thread, with the highlight
 * kept in view above it; a new thread being written opens it too. It closes
 * with its Close button or Escape, and the focus goes back to the button that
 * opens it. On a wide page the panel stays beside the text and this does nothing.
 */
export function useFeedbackDrawer(editor: Editor, placement: DrawerPlacement): FeedbackDrawer {
  const isDrawer = useMediaQuery(oneColumnQuery);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const focusOpener = useRef(false);

  const show = useCallback(() => {
    setOpen(true);
    // Opened from its button: the reader goes into the drawer.
    requestAnimationFrame(() => panel.current?.focus({ preventScroll: true }));
  }, []);
  const close = useCallback(() => {
    focusOpener.current = panel.current?.contains(document.activeElement) ?? false;
    setOpen(false);
  }, []);

  // Each tap on a highlight opens it (a tap counts even on the thread already active).
  const seenTaps = useRef(placement.taps);
  useEffect(() => {
    if (placement.taps === seenTaps.current) return;
    seenTaps.current = placement.taps;
    if (isDrawer) setOpen(true);
  }, [placement.taps, isDrawer]);
  useEffect(() => {
    if (placement.drafting && isDrawer) setOpen(true);
  }, [placement.drafting, isDrawer]);

  // Opened at a thread: that thread at the top of the drawer, its highlight in view above the drawer.
  const range = placement.activeId ? placement.ranges.get(placement.activeId) : null;
  useEffect(() => {
    if (!isDrawer || !open || !placement.activeId) return;
    const drawer = panel.current;
    const card = drawer?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(placement.activeId)}"]`);
    if (drawer && card) {
      const head = drawer.querySelector<HTMLElement>('.threads-head');
      drawer.scrollTop = card.offsetTop - (head?.offsetHeight ?? 0) - 8;
    }
    if (drawer && range && !editor.isDestroyed) keepInViewAbove(editor, range.from, drawer);
    // Once per opening or tap, so `range` is left out: not on every change of the ranges as people type.
  }, [isDrawer, open, placement.activeId, placement.taps, editor]);

  useEffect(() => {
    if (!isDrawer || !open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // An Escape that closed something inside the drawer (the mention list) has done its job. The
      // editor marks every Escape as handled (ProseMirror), so only the drawer's own count.
      const inside = event.target instanceof Node && panel.current?.contains(event.target);
      if (!(inside && event.defaultPrevented)) close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [isDrawer, open, close]);

  useEffect(() => {
    if (open || !focusOpener.current) return;
    focusOpener.current = false;
    opener.current?.focus();
  }, [open]);

  return { isDrawer, open: isDrawer && open, show, close, panel, opener };
}

/** Scrolls the page so that document position `pos` shows below the sticky header and toolbar, above the drawer. */
function keepInViewAbove(editor: Editor, pos: number, drawer: HTMLElement): void {
  let coords: { top: number; bottom: number };
  try {
    coords = editor.view.coordsAtPos(Math.min(pos, editor.state.doc.content.size));
  } catch {
    return;
  }
  // The header and the toolbar stick to the top once the page scrolls: the highlight goes just below both.
  const header = document.querySelector<HTMLElement>('.app-header')?.getBoundingClientRect().bottom ?? 0;
  const toolbar = document.querySelector<HTMLElement>('.toolbar')?.offsetHeight ?? 0;
  const top = header + toolbar + 16;
  const bottom = window.innerHeight - drawer.offsetHeight - 12;
  if (coords.top >= top && coords.bottom <= bottom) return;
  window.scrollBy({ top: coords.top - top, behavior: 'instant' });
}
