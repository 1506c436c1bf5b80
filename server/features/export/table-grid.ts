import { type DocNode, type ElementNode, isTextNode } from '../../../shared/document-nodes';

const elements = (nodes: readonly DocNode[]) => nodes.filter((node): node is ElementNode => !isTextNode(node));

/** A table's rows, its first row apart when it is all header cells (a table's head in HTML and Markdown). */
export function tableRows(table: ElementNode): { head: ElementNode | null; body: ElementNode[] } {
  const rows = elements(table.content);
  const first = rows[0];
  const cells = first ? elements(first.content) : [];
  if (first && cells.length > 0 && cells.every((cell) => cell.type === 'tableHeader')) return { head: first, body: rows.slice(1) };
  return { head: null, body: rows };
}

/** A span attribute as a count of rows or columns: 1 unless a sane integer. */
function span(cell: ElementNode, name: 'colspan' | 'rowspan'): number {
  const value = Number(cell.attrs?.[name]);
  return Number.isInteger(value) && value > 1 ? Math.min(value, 1000) : 1;
}

/** Most columns a table is laid out with: more is not a table a person made. */
const maxColumns = 1000;

/**
 * A table laid out on a grid for formats without merged cells (Markdown):
 * each row's cells, in place, with `null` where a merged cell reaches
 * (to its right, or below it). Rows are padded to the widest.
 */
export function tableGrid(table: ElementNode): (ElementNode | null)[][] {
  const rows = elements(table.content);
  const grid: (ElementNode | null | undefined)[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let column = 0;
    for (const cell of elements(row.content)) {
      while (grid[r]![column] !== undefined) column++;
      if (column >= maxColumns) break;
      const rowspan = Math.min(span(cell, 'rowspan'), rows.length - r);
      const colspan = Math.min(span(cell, 'colspan'), maxColumns - column);
      for (let dr = 0; dr < rowspan; dr++) {
        for (let dc = 0; dc < colspan; dc++) grid[r + dr]![column + dc] = dr === 0 && dc === 0 ? cell : null;
      }
      column += colspan;
    }
  });
  const width = Math.max(1, ...grid.map((row) => row.length));
  return grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
}
