import v8 from 'node:v8';

/**
 * V8 settings a sync runs under, process-wide while any sync runs, restored after the last one ends.
 *
 * A sync allocates fast (over 100 KB per conversation: HTTP, JSON, validation, rows) and keeps almost
 * nothing: its live heap stays near 20 MB. By default V8 lets the old generation grow to about four
 * times the live heap between full collections, and it allocates objects from "long-lived" sites (as it
 * judges them from a sample) straight into the old generation: both leave tens of MB of garbage
 * resident. Measured on a 44,310-conversation sync, these two settings cut peak RSS by about 50 MB at no
 * measurable CPU cost. Both are read by V8 at each collection, so changing them at run time takes effect.
 */
const LEAN = ['--heap-growing-percent=50', '--no-allocation-site-pretenuring'];
/** V8's own defaults for the same flags. */
const DEFAULT = ['--heap-growing-percent=0', '--allocation-site-pretenuring'];

let holders = 0;

/** Applies the lean settings until the returned function is called (once per call). */
export function leanHeap(): () => void {
  if (holders++ === 0) apply(LEAN);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) apply(DEFAULT);
  };
}

function apply(flags: string[]): void {
  for (const flag of flags) v8.setFlagsFromString(flag);
}
