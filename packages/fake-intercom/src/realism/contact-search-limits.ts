import { SearchQueryError } from '../routes/search-dsl.js';

/**
 * How many values contact search takes in one `id IN [...]` is undocumented (REAL-API-BEHAVIOUR.md,
 * "Contacts": "inferred: halve the batch on a 400"). With realism.maxContactSearchIdValues the fake
 * answers 400 parameter_invalid to a longer list anywhere in the query.
 */
export function checkIdValueCount(query: unknown, max: number): void {
  if (max <= 0 || typeof query !== 'object' || query === null) return;
  const node = query as Record<string, unknown>;
  if (node.field === 'id' && node.operator === 'IN' && Array.isArray(node.value)) {
    if (node.value.length > max) {
      throw new SearchQueryError(
        'parameter_invalid',
        `The id filter has too many values (${node.value.length}): at most ${max} are allowed.`,
      );
    }
    return;
  }
  if (Array.isArray(node.value)) for (const child of node.value) checkIdValueCount(child, max);
}
