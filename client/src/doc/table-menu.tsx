import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { Tool } from './toolbar-tool';

/** A new table: three columns, a header row and two rows for the content. */
export const newTable = { rows: 3, cols: 3, withHeaderRow: true } as const;

/** Whether the table around the selection starts with a row of header cells. */
function hasHeaderRow(editor: Editor): boolean {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth >= 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name !== 'table') continue;
    const first = node.firstChild;
    return !!first && first.childCount > 0 && first.children.every((cell) => cell.type.name === 'tableHeader');
  }
  return false;
}

/**
 * What can be done to the table the caret (or the cell selection) is in:
 * shown in the toolbar only while inside a table, as its own labelled group,
 * so the toolbar stays short the rest of the time. Each button is enabled only
 * when its command would do something (merge needs several cells selected,
 * split a merged cell).
 */
export function TableMenu({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      inTable: e.isActive('table'),
      headerRow: hasHeaderRow(e),
      canMerge: e.can().mergeCells(),
      canSplit: e.can().splitCell(),
      canDeleteRow: e.can().deleteRow(),
      canDeleteColumn: e.can().deleteColumn(),
    }),
  });
  if (!state.inTable) return null;
  const run = (command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => command(editor.chain().focus()).run();
  return (
    <div className="tool-group tool-group-table" role="group" aria-label="Table">
      <Tool label="Add row above" onClick={run((c) => c.addRowBefore())}>
        ↥ Row
      </Tool>
      <Tool label="Add row below" onClick={run((c) => c.addRowAfter())}>
        ↧ Row
      </Tool>
      <Tool label="Delete row" disabled={!state.canDeleteRow} onClick={run((c) => c.deleteRow())}>
        − Row
      </Tool>
      <Tool label="Add column before" onClick={run((c) => c.addColumnBefore())}>
        ↤ Col
      </Tool>
      <Tool label="Add column after" onClick={run((c) => c.addColumnAfter())}>
        ↦ Col
      </Tool>
      <Tool label="Delete column" disabled={!state.canDeleteColumn} onClick={run((c) => c.deleteColumn())}>
        − Col
      </Tool>
      <Tool label="Header row" active={state.headerRow} onClick={run((c) => c.toggleHeaderRow())}>
        Header
      </Tool>
      <Tool label="Merge cells" disabled={!state.canMerge} onClick={run((c) => c.mergeCells())}>
        Merge
      </Tool>
      <Tool label="Split cell" disabled={!state.canSplit} onClick={run((c) => c.splitCell())}>
        Split
      </Tool>
      <Tool label="Delete table" onClick={run((c) => c.deleteTable())}>
        ✕ Table
      </Tool>
    </div>
  );
}
