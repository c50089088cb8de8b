import { terminalLine } from './terminal-text.js';

/**
 * Label/value pairs, one per line, labels aligned. Null and undefined values are left out; values are
 * shown on one line without terminal controls (they often come from the workspace).
 */
export function renderDetails(
  pairs: ReadonlyArray<readonly [string, string | number | null | undefined]>,
): string {
  const shown = pairs.filter(([, value]) => value !== null && value !== undefined && value !== '');
  const labelWidth = Math.max(0, ...shown.map(([label]) => label.length));
  return shown
    .map(([label, value]) => `${`${label}:`.padEnd(labelWidth + 2)}${terminalLine(String(value))}`)
    .join('\n');
}
