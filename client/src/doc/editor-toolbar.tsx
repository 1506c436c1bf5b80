import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { promptForLink } from './link-prompt';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';
const alt = isMac ? '⌥' : 'Alt+';
const shift = isMac ? '⇧' : 'Shift+';

interface ToolProps {
  label: string;
  shortcut?: string;
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

function Tool({ label, shortcut, active, disabled, onClick, children }: ToolProps) {
  return (
    <button
      type="button"
      className="tool"
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      // Keep the editor's selection: the button must not take focus on click.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** Formatting buttons with their shortcuts; each says whether it is on (aria-pressed). */
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
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const off = !state.editable;
  const toolbar = useRef<HTMLDivElement>(null);

  // One tab stop for the whole toolbar; arrows move between its buttons
  // (WAI-ARIA Authoring Practices, "Toolbar" pattern); Escape returns to the text.
  useEffect(() => {
    toolbar.current?.querySelectorAll('button').forEach((button, index) => (button.tabIndex = index === 0 ? 0 : -1));
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      editor.commands.focus();
      return;
    }
    const moves: Record<string, (index: number, count: number) => number> = {
      ArrowRight: (index, count) => (index + 1) % count,
      ArrowLeft: (index, count) => (index - 1 + count) % count,
      Home: () => 0,
      End: (_index, count) => count - 1,
    };
    const move = moves[event.key];
    const buttons = [...(toolbar.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    if (!move || buttons.length === 0) return;
    event.preventDefault();
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[move(Math.max(current, 0), buttons.length)];
    toolbar.current?.querySelectorAll('button').forEach((button) => (button.tabIndex = -1));
    if (next) {
      next.tabIndex = 0;
      next.focus();
    }
  };
  const run = (command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => command(editor.chain().focus()).run();

  return (
    <div ref={toolbar} className="toolbar" role="toolbar" aria-label="Formatting" aria-controls="document-editor" onKeyDown={onKeyDown}>
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
