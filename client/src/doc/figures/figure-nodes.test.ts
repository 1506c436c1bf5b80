import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { documentExtensions } from '../../../../shared/editor-schema';
import { completeUpload, dropPendingFigures, pendingFigurePositions } from './figure-nodes';
import { isStoredFileSrc, pendingUploader, pendingUploadId } from './pending-upload-id';
import { waitingText } from './figure-view';

const { starterKit, taskList, taskItem, figure, tables } = documentExtensions();
const schema = getSchema([starterKit, taskList, taskItem, figure, tables]);

function stateWith(images: Record<string, unknown>[]) {
  const nodes = images.flatMap((attrs) => [schema.nodes.paragraph!.create(null, schema.text('before')), schema.nodes.image!.create(attrs)]);
  return EditorState.create({ schema, doc: schema.nodes.doc!.create(null, nodes) });
}

describe('waiting images', () => {
  it('name their uploader in their id', () => {
    const id = pendingUploadId('user42', 'abc-def');
    expect(id).toBe('user42.abc-def');
    expect(pendingUploader(id)).toBe('user42');
    expect(pendingUploader('no-dot')).toBeNull();
  });

  it('get the uploaded file’s address on every node that waits for it, and wait no more', () => {
    const state = stateWith([{ src: '', pendingUpload: 'u.1', alt: 'A chart' }, { src: '', pendingUpload: 'u.2' }, { src: '', pendingUpload: 'u.1' }]);
    expect(pendingFigurePositions(state.doc, 'u.1')).toHaveLength(2);
    const next = state.apply(completeUpload(state, 'u.1', '/api/files/abc')!);
    expect(pendingFigurePositions(next.doc, 'u.1')).toHaveLength(0);
    const images: Record<string, unknown>[] = [];
    next.doc.descendants((node) => void (node.type.name === 'image' && images.push(node.attrs)));
    expect(images.map((attrs) => [attrs.src, attrs.pendingUpload, attrs.alt])).toEqual([
      ['/api/files/abc', null, 'A chart'],
      ['', 'u.2', null],
      ['/api/files/abc', null, null],
    ]);
    expect(completeUpload(next, 'u.1', '/api/files/abc')).toBeNull();
  });

  it('are removed from the document when their upload is refused', () => {
    const state = stateWith([{ src: '', pendingUpload: 'u.1' }, { src: '/api/files/x', pendingUpload: null }, { src: '', pendingUpload: 'u.1' }]);
    const next = state.apply(dropPendingFigures(state, 'u.1')!);
    let count = 0;
    next.doc.descendants((node) => void (node.type.name === 'image' && count++));
    expect(count).toBe(1);
  });

  it('tell others whose device they wait on', () => {
    expect(waitingText('Ada', false)).toBe('Image uploading from Ada’s device…');
    expect(waitingText(null, false)).toBe('Image uploading from another member’s device…');
    expect(waitingText(null, true)).toMatch(/this device/);
  });
});

describe('figure addresses', () => {
  it('shows only this product’s files', () => {
    expect(isStoredFileSrc('/api/files/abc123')).toBe(true);
    for (const src of ['https://tracker.example/pixel.png', '/api/files/../docs', 'javascript:alert(1)', '', null]) expect(isStoredFileSrc(src)).toBe(false);
  });
});
