import { neutralizeTerminalText } from './terminalText';

/** A plain-text table: padded columns, the last one cut to the terminal width when writing to a terminal. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number | undefined,
): string {
  // Escaped before measuring, so that columns line up with what the terminal shows.
  const clean = (cell: string) => neutralizeTerminalText(cell.replace(/[ \t\n]+/g, ' ').trim());
  const all = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  return all
    .map((row) => {
      const line = row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd();
      return width !== undefined && line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
    })
    .join('\n');
}
