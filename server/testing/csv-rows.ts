/**
 * Reads the CSV the server writes (every cell quoted, CRLF lines) back into
 * rows of cells, for tests to compare cells instead of quoting details. A
 * spreadsheet's reading, in one pass: a quote inside a quoted cell is doubled.
 */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i]!;
    if (quoted) {
      if (character !== '"') cell += character;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (character !== '\r') cell += character;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** `csvRows`, each row joined back with commas: for matching whole lines in tests. */
export function csvLines(text: string): string[] {
  return csvRows(text).map((row) => row.join(','));
}
