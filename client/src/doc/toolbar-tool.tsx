import type { ReactNode } from 'react';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** How shortcuts are written on this platform, for titles and aria-keyshortcuts. */
export const keys = {
  mod: isMac ? '⌘' : 'Ctrl+',
  alt: isMac ? '⌥' : 'Alt+',
  shift: isMac ? '⇧' : 'Shift+',
};

export interface ToolProps {
  label: string;
  shortcut?: string;
  /** A toggle says whether it is on (aria-pressed); an action leaves it undefined. */
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** One button of the formatting toolbar; it never takes focus on click, so the editor keeps its selection. */
export function Tool({ label, shortcut, active, disabled, onClick, children }: ToolProps) {
  return (
    <button
      type="button"
      className="tool"
      aria-pressed={active === undefined ? undefined : active}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      // Keep the editor's selection: the button must not take focus on click.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {/* Named by words, the glyph hidden from the name: a name that does not contain the visible text ("H1") confuses voice control. */}
      <span aria-hidden="true">{children}</span>
      <span className="visually-hidden">{label}</span>
    </button>
  );
}
