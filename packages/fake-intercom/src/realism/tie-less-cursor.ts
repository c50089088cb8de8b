/**
 * Whether Intercom's search cursor breaks ties between items sharing one `updated_at` second is
 * undocumented; it looks like base64 of the sort values (REAL-API-BEHAVIOUR.md, "Search and paging").
 * With realism.tieLessCursor the fake's cursor carries only the last item's sort value (and the page
 * number), and the next page starts at the first item whose value is strictly beyond it: items sharing
 * that second which did not fit on the page are skipped by a client that just follows the cursor.
 */

/** First position whose key is strictly after `key` in the result's order (binary search). */
export function positionAfterKey(keys: Float64Array, descending: boolean, key: number): number {
  const sign = descending ? -1 : 1;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sign * ((keys[mid] ?? 0) - key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
