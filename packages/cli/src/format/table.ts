import Table from 'cli-table3';
import { terminalLine } from './terminal-text.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  align?: 'left' | 'right';
  /** A flexible column gives up width when the table is wider than the terminal (long text is cut with …). */
  flexible?: boolean;
}

const PLAIN_STYLE = { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 };
const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
};

/** Rows as a borderless table that fits the terminal: a header line, then one line per row. */
export function renderTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  width = terminalWidth(),
): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const natural = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => displayWidth(row[index] ?? ''))),
  );
  const colWidths = fitWidths(columns, natural, width);
  const table = new Table({
    head: columns.map((column) => column.header.toUpperCase()),
    colWidths,
    colAligns: columns.map((column) => column.align ?? 'left'),
    chars: NO_BORDERS,
    style: PLAIN_STYLE,
    truncate: '…',
  });
  table.push(...cells);
  return trimLines(table.toString());
}

/** The narrowest a flexible column gets: room for a few characters and the ellipsis. */
const MIN_FLEXIBLE_WIDTH = 6;

/**
 * Natural widths, then, while the table is wider than the terminal, the widest flexible column gives
 * up one character (its text is cut with …), down to MIN_FLEXIBLE_WIDTH: the widest text shrinks first
 * and narrow ones keep their text. Bounded: each step narrows a column, and no column narrows forever.
 */
function fitWidths<T>(columns: readonly Column<T>[], natural: number[], width: number): number[] {
  const padding = PLAIN_STYLE['padding-right'];
  const widths = columns.map((_, index) => natural[index] ?? 0);
  let total = widths.reduce((sum, columnWidth) => sum + columnWidth + padding, 0);
  while (total > width) {
    let widest = -1;
    columns.forEach((column, index) => {
      if (
        column.flexible &&
        widths[index]! > MIN_FLEXIBLE_WIDTH &&
        (widest === -1 || widths[index]! > widths[widest]!)
      ) {
        widest = index;
      }
    });
    if (widest === -1) break; // only fixed columns left: wider than the terminal it is
    widths[widest]! -= 1;
    total -= 1;
  }
  return widths.map((columnWidth) => columnWidth + padding);
}

/** One line of terminal-safe text: stored strings may carry escape sequences and line breaks. */
function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return terminalLine(String(value)).replace(/\s+/g, ' ').trim();
}

function displayWidth(text: string): number {
  return [...text].length;
}

function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

function terminalWidth(): number {
  // 80 when piped (or too narrow to be a real terminal): a file or a pager gets the classic width.
  return process.stdout.columns && process.stdout.columns > 40 ? process.stdout.columns : 80;
}
