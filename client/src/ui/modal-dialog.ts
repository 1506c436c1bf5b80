import { useEffect, useRef } from 'react';

/**
 * Ties a native <dialog> to React state: `open` shows it as a modal (the page
 * behind is inert, Escape closes it, focus returns to what opened it), and
 * closing it by state closes the element. Use the returned ref on the dialog.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
