import Table from 'cli-table3';
import { terminalLine } from './terminal-text.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  align?: 'left' | 'right';
  /** A flexible column shares the terminal width left over by the others (long text is cut with …). */
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

function fitWidths<T>(columns: readonly Column<T>[], natural: number[], width: number): number[] {
  const padding = PLAIN_STYLE['padding-right'];
  const fixed = columns.reduce(
    (sum, column, index) => (column.flexible ? sum : sum + (natural[index] ?? 0) + padding),
    0,
  );
  // Flexible columns share what is left, narrowest first: one that needs less than its share leaves
  // the rest to the others.
  const widths = columns.map((_, index) => natural[index] ?? 0);
  const flexible = columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column.flexible)
    .sort((a, b) => (natural[a.index] ?? 0) - (natural[b.index] ?? 0));
  let left = width - fixed;
  flexible.forEach(({ index }, position) => {
    const share = Math.max(12, Math.floor(left / (flexible.length - position)) - padding);
    widths[index] = Math.min(natural[index] ?? 0, share);
    left -= widths[index] + padding;
  });
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
  return process.stdout.columns && process.stdout.columns > 40 ? process.stdout.columns : 120;
}
