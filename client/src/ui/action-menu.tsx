import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import './action-menu.css';

export interface MenuAction {
  label: string;
  onSelect: () => void;
  /** Why it cannot be chosen now (shown as its description); it stays in the menu, so the reader learns it exists. */
  unavailable?: string | undefined;
  danger?: boolean;
}

interface ActionMenuProps {
  /** The trigger's accessible name, e.g. "More actions for this comment". */
  label: string;
  /** Read when the menu opens, so that what an action depends on (a selection in the text) is current. */
  actions: () => MenuAction[];
}

/**
 * A small menu of secondary actions behind a "⋯" button, as a menu button:
 * the button says it has a menu (aria-haspopup, aria-expanded); opening it
 * (click, Enter, Space, ↓ or ↑) puts the focus on an item; ↑ ↓ Home End move
 * between items; Escape or Tab closes it, and choosing an item closes it,
 * the focus back on the button. A click elsewhere closes it too. The button
 * takes no focus on mouse down, so a selection in the document stays.
 */
export function ActionMenu({ label, actions }: ActionMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [focusAt, setFocusAt] = useState<'first' | 'last'>('first');
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const items = open ? actions() : [];

  const itemButtons = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const buttons = itemButtons();
    (focusAt === 'first' ? buttons[0] : buttons[buttons.length - 1])?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, focusAt]);

  const openAt = (where: 'first' | 'last') => {
    setFocusAt(where);
    setOpen(true);
  };

  const onTriggerKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = itemButtons();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      buttons[(to + buttons.length) % buttons.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(buttons.length - 1);
    else if (event.key === 'Escape') {
      // Closes the menu only, not a form or drawer around it.
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') close(false);
  };

  return (
    <div className="action-menu" ref={root}>
      <button
        ref={trigger}
        type="button"
        className="icon-button action-menu-trigger"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => (open ? close(true) : openAt('first'))}
        onKeyDown={onTriggerKeyDown}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul ref={menu} className="action-menu-list" id={`${id}-menu`} role="menu" aria-label={label} onKeyDown={onMenuKeyDown}>
          {items.map((action, at) => (
            <li key={action.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={action.danger ? 'action-menu-item danger' : 'action-menu-item'}
                aria-disabled={action.unavailable ? true : undefined}
                aria-describedby={action.unavailable ? `${id}-why-${at}` : undefined}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  if (action.unavailable) return;
                  close(true);
                  action.onSelect();
                }}
              >
                {action.label}
                {action.unavailable && (
                  <span className="action-menu-why" id={`${id}-why-${at}`}>
                    {action.unavailable}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
