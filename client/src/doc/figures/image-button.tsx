import type { Editor } from '@tiptap/core';
import { useFilePick } from '../../ui/file-pick';
import { Tool } from '../toolbar-tool';
import { acceptedImageTypes } from './pending-upload-id';

/** The toolbar's image button: opens the file picker; the chosen images are described, then added. */
export function ImageButton({ editor, disabled }: { editor: Editor; disabled: boolean }) {
  const picker = useFilePick({
    accept: acceptedImageTypes.join(','),
    label: 'Image files to insert',
    multiple: true,
    onFiles: (files) => editor.commands.addImageFiles(files),
  });
  return (
    <>
      <Tool label="Insert image" disabled={disabled} onClick={picker.open}>
        Image
      </Tool>
      {picker.input}
    </>
  );
}
