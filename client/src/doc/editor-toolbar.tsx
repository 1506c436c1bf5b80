import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';
import { ImageButton } from './figures/image-button';
import { promptForLink } from './link-prompt';
import { newTable, TableMenu } from './table-menu';
import { keys, Tool } from './toolbar-tool';

const { mod, alt, shift } = keys;

/**
 * One tab stop for the whole toolbar; arrows move between its buttons
 * (WAI-ARIA Authoring Practices, "Toolbar" pattern). The stop is the button
 * last focused while it is there and enabled, else the first enabled one:
 * buttons come and go (the table group), and the toolbar must keep exactly one.
 */
function useRovingFocus() {
  const toolbar = useRef<HTMLDivElement>(null);
  const last = useRef<HTMLButtonElement | null>(null);
  useLayoutEffect(() => {
    const all = [...(toolbar.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const stop = last.current && all.includes(last.current) && !last.current.disabled ? last.current : all.find((button) => !button.disabled);
    for (const button of all) button.tabIndex = button === stop ? 0 : -1;
  });
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const target: EventTarget = event.target;
    if (!(target instanceof HTMLButtonElement)) return;
    last.current = target;
    toolbar.current?.querySelectorAll('button').forEach((button) => (button.tabIndex = button === target ? 0 : -1));
  };
  const move = (key: string): boolean => {
    const moves: Record<string, (index: number, count: number) => number> = {
      ArrowRight: (index, count) => (index + 1) % count,
      ArrowLeft: (index, count) => (index - 1 + count) % count,
      Home: () => 0,
      End: (_index, count) => count - 1,
    };
    const step = moves[key];
    const buttons = [...(toolbar.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    if (!step || buttons.length === 0) return false;
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[step(Math.max(current, 0), buttons.length)]?.focus();
    return true;
  };
  return { toolbar, onFocus, move };
}

/** Formatting and inserting buttons with their shortcuts; each toggle says whether it is on (aria-pressed). */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      editable: e.isEditable,
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      strike: e.isActive('strike'),
      code: e.isActive('code'),
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      task: e.isActive('taskList'),
      quote: e.isActive('blockquote'),
      codeBlock: e.isActive('codeBlock'),
      link: e.isActive('link'),
      canInsertTable: e.can().insertTable(newTable),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const off = !state.editable;
  const { toolbar, onFocus, move } = useRovingFocus();
  // Alt+F10 reaches the toolbar from the text (as in Google Docs and most
  // editors): Tab cannot, since inside a table it moves between cells.
  useEffect(() => {
    const dom = editor.view.dom;
    const onEditorKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!event.altKey || event.key !== 'F10') return;
      event.preventDefault();
      toolbar.current?.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus();
    };
    dom.addEventListener('keydown', onEditorKeyDown);
    return () => dom.removeEventListener('keydown', onEditorKeyDown);
  }, [editor, toolbar]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Escape returns to the text, where the selection was kept.
    if (event.key === 'Escape') editor.commands.focus();
    else if (move(event.key)) event.preventDefault();
  };
  const run = (command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => command(editor.chain().focus()).run();

  return (
    <div ref={toolbar} className="toolbar" role="toolbar" aria-label="Formatting" aria-controls="document-editor" aria-keyshortcuts="Alt+F10" onKeyDown={onKeyDown} onFocus={onFocus}>
      <div className="tool-group">
        <Tool label="Heading 1" shortcut={`${mod}${alt}1`} active={state.h1} disabled={off} onClick={run((c) => c.toggleHeading({ level: 1 }))}>
          H1
        </Tool>
        <Tool label="Heading 2" shortcut={`${mod}${alt}2`} active={state.h2} disabled={off} onClick={run((c) => c.toggleHeading({ level: 2 }))}>
          H2
        </Tool>
        <Tool label="Heading 3" shortcut={`${mod}${alt}3`} active={state.h3} disabled={off} onClick={run((c) => c.toggleHeading({ level: 3 }))}>
          H3
        </Tool>
      </div>
      <div className="tool-group">
        <Tool label="Bold" shortcut={`${mod}B`} active={state.bold} disabled={off} onClick={run((c) => c.toggleBold())}>
          <b>B</b>
        </Tool>
        <Tool label="Italic" shortcut={`${mod}I`} active={state.italic} disabled={off} onClick={run((c) => c.toggleItalic())}>
          <i>I</i>
        </Tool>
        <Tool label="Strikethrough" shortcut={`${mod}${shift}S`} active={state.strike} disabled={off} onClick={run((c) => c.toggleStrike())}>
          <s>S</s>
        </Tool>
        <Tool label="Inline code" shortcut={`${mod}E`} active={state.code} disabled={off} onClick={run((c) => c.toggleCode())}>
          <code>{'<>'}</code>
        </Tool>
        <Tool label="Link" shortcut={`${mod}K`} active={state.link} disabled={off} onClick={() => promptForLink(editor)}>
          Link
        </Tool>
      </div>
      <div className="tool-group">
        <Tool label="Bulleted list" shortcut={`${mod}${shift}8`} active={state.bullet} disabled={off} onClick={run((c) => c.toggleBulletList())}>
          •≡
        </Tool>
        <Tool label="Numbered list" shortcut={`${mod}${shift}7`} active={state.ordered} disabled={off} onClick={run((c) => c.toggleOrderedList())}>
          1.≡
        </Tool>
        <Tool label="Task list" shortcut={`${mod}${shift}9`} active={state.task} disabled={off} onClick={run((c) => c.toggleTaskList())}>
          ☑
        </Tool>
        <Tool label="Quote" shortcut={`${mod}${shift}B`} active={state.quote} disabled={off} onClick={run((c) => c.toggleBlockquote())}>
          ❝
        </Tool>
        <Tool label="Code block" shortcut={`${mod}${alt}C`} active={state.codeBlock} disabled={off} onClick={run((c) => c.toggleCodeBlock())}>
          {'{ }'}
        </Tool>
      </div>
      {/* Inserting: the images button joins this group. */}
      <div className="tool-group" role="group" aria-label="Insert">
        <ImageButton editor={editor} disabled={off} />
        <Tool label="Insert table" disabled={off || !state.canInsertTable} onClick={run((c) => c.insertTable(newTable))}>
          ▦
        </Tool>
        <Tool label="Horizontal rule" disabled={off} onClick={run((c) => c.setHorizontalRule())}>
          ―
        </Tool>
      </div>
      {!off && <TableMenu editor={editor} />}
      <div className="tool-group">
        <Tool label="Undo your last change" shortcut={`${mod}Z`} disabled={off || !state.canUndo} onClick={run((c) => c.undo())}>
          ↶
        </Tool>
        <Tool label="Redo" shortcut={`${mod}${shift}Z`} disabled={off || !state.canRedo} onClick={run((c) => c.redo())}>
          ↷
        </Tool>
      </div>
    </div>
  );
}
