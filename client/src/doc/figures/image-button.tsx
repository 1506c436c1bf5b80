import type { Editor } from '@tiptap/core';
import { useRef } from 'react';
import { Tool } from '../toolbar-tool';
import { acceptedImageTypes } from './pending-upload-id';

/** The toolbar's image button: opens the file picker; the chosen images are described, then added. */
export function ImageButton({ editor, disabled }: { editor: Editor; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Tool label="Insert image" disabled={disabled} onClick={() => input.current?.click()}>
        Image
      </Tool>
      <input
        ref={input}
        type="file"
        accept={acceptedImageTypes.join(',')}
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        data-testid="image-file-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) editor.commands.addImageFiles(files);
        }}
      />
    </>
  );
}
