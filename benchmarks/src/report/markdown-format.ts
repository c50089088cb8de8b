/** Number formats and Markdown pieces of the report. */

/** `value` with exactly `digits` decimals and thousands separators: 1,234.5 */
export const n = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const int = (value: number): string => Math.round(value).toLocaleString('en-US');
export const ms = (value: number): string => n(value, 2);

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function verdict(pass: boolean | null): string {
  return pass === null ? 'not measured' : pass ? '✅ pass' : '❌ FAIL';
}
