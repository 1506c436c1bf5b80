import { useRef, type ReactElement } from 'react';

interface FilePickOptions {
  /** What the picker offers, as the input's `accept` (media types and extensions). */
  accept: string;
  /** The hidden input's name for assistive technology and tests; the visible button is named by its own text. */
  label: string;
  multiple?: boolean;
  /** The chosen files, never empty. */
  onFiles: (files: File[]) => void;
}

/**
 * A "pick a file" control behind any button: the page's own button calls
 * `open`, and the file input stays hidden and out of the tab order, so
 * keyboard users reach one control, not two. The input is emptied after each
 * choice so that choosing the same file again (after fixing it) fires again.
 */
export function useFilePick({ accept, label, multiple = false, onFiles }: FilePickOptions): { open: () => void; input: ReactElement } {
  const ref = useRef<HTMLInputElement>(null);
  const input = (
    <input
      ref={ref}
      className="visually-hidden"
      type="file"
      accept={accept}
      multiple={multiple}
      aria-label={label}
      tabIndex={-1}
      onChange={(event) => {
        const files = [...(event.target.files ?? [])];
        event.target.value = '';
        if (files.length > 0) onFiles(files);
      }}
    />
  );
  return { open: () => ref.current?.click(), input };
}
