import type { Workspace } from '../workspace/workspace.js';
import { CONVERSATION_FIELDS, CONVERSATION_SORT_FIELDS, ConversationRow } from './conversation-fields.js';
import type { SortedResult } from './result-pager.js';
import { sortResult } from './result-pager.js';
import { SearchQueryError, compileQuery } from './search-dsl.js';

/**
 * Runs conversation searches, keeping the last few sorted result sets so paging through a large result
 * costs one scan, not one per page. A cached result is dropped as soon as the workspace changes.
 */
export class ConversationSearch {
  readonly #workspace: Workspace;
  readonly #cache = new Map<string, { version: number; result: SortedResult }>();
  static readonly #cacheSize = 16;

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  /** Conversations matching the query (every one when `query` is null), sorted as asked. */
  run(query: unknown, sort: unknown): SortedResult {
    const { field, descending } = parseSort(sort);
    const cacheKey = JSON.stringify([query, field, descending]);
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined && cached.version === this.#workspace.version) return cached.result;
    const predicate = query === null ? () => true : compileQuery(query, CONVERSATION_FIELDS);
    const workspace = this.#workspace;
    const matches: number[] = [];
    for (let index = 0; index < workspace.count; index++) {
      if (predicate(new ConversationRow(workspace, index))) matches.push(index);
    }
    const key = CONVERSATION_SORT_FIELDS[field];
    if (key === undefined) throw new SearchQueryError('parameter_invalid', `Cannot sort by ${field}.`);
    const result = sortResult(matches, (index) => key(workspace, index), descending);
    this.#remember(cacheKey, result);
    return result;
  }

  #remember(cacheKey: string, result: SortedResult): void {
    this.#cache.delete(cacheKey);
    this.#cache.set(cacheKey, { version: this.#workspace.version, result });
    if (this.#cache.size > ConversationSearch.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }
}

function parseSort(sort: unknown): { field: string; descending: boolean } {
  if (sort === undefined || sort === null) return { field: 'updated_at', descending: true };
  if (typeof sort !== 'object' || Array.isArray(sort))
    throw new SearchQueryError('parameter_invalid', 'sort must be an object.');
  const { field = 'updated_at', order = 'descending' } = sort as Record<string, unknown>;
  if (typeof field !== 'string' || CONVERSATION_SORT_FIELDS[field] === undefined) {
    throw new SearchQueryError(
      'parameter_invalid',
      `Cannot sort by ${JSON.stringify(field)}: use ${Object.keys(CONVERSATION_SORT_FIELDS).join(', ')}.`,
    );
  }
  if (order !== 'ascending' && order !== 'descending') {
    throw new SearchQueryError('invalid_sort_order', 'sort.order must be ascending or descending.');
  }
  return { field, descending: order === 'descending' };
}
