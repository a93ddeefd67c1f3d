import type { CommandContext } from './context.js';

/** Display width of a string in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** A plain text table: a header row, a rule, then rows; columns padded by display width. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const clean = (cell: string) => cell.replace(/\s*\n\s*/g, ' ').trim();
  const body = rows.map((row) => row.map(clean));
  const widths = headers.map((header, i) =>
    Math.max(displayWidth(header), ...body.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1
          ? cell
          : cell + ' '.repeat((widths[i] as number) - displayWidth(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Prints `value`: JSON with `--json`, else a table of `items` (one `row` each) over a `count`
 * line such as `3 templates`.
 */
export function printTable<T>(
  ctx: CommandContext,
  value: unknown,
  headers: readonly string[],
  items: readonly T[],
  row: (item: T) => string[],
  count: string,
): void {
  ctx.print(value, () => `${formatTable(headers, items.map(row))}\n${count}`);
}
