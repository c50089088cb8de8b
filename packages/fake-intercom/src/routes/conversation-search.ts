import type { LaggedSearchIndex } from '../realism/search-index-lag.js';
import type { Workspace } from '../workspace/workspace.js';
import { CONVERSATION_FIELDS, CONVERSATION_SORT_FIELDS, ConversationRow } from './conversation-fields.js';
import type { SortedResult } from './result-pager.js';
import { sortResult } from './result-pager.js';
import { SearchQueryError, compileQuery } from './search-dsl.js';

/** A sorted result, with the updated_at search shows where it differs from the record's (index lag). */
export interface ConversationSearchResult extends SortedResult {
  indexedUpdatedAt: ReadonlyMap<number, number>;
}

/**
 * Runs conversation searches, keeping the last few sorted result sets so paging through a large result
 * costs one scan, not one per page. A cached result is dropped as soon as the workspace changes, or
 * what the search index shows does.
 */
export class ConversationSearch {
  readonly #workspace: Workspace;
  readonly #index: LaggedSearchIndex | undefined;
  readonly #cache = new Map<string, { version: string; result: ConversationSearchResult }>();
  static readonly #cacheSize = 16;

  /** Without an `index`, search reads the record store directly. */
  constructor(workspace: Workspace, index?: LaggedSearchIndex) {
    this.#workspace = workspace;
    this.#index = index;
  }

  /** Conversations matching the query (every one when `query` is null), sorted as asked. */
  run(query: unknown, sort: unknown): ConversationSearchResult {
    const { field, descending } = parseSort(sort);
    const cacheKey = JSON.stringify([query, field, descending]);
    const view = this.#index?.view();
    const version = `${this.#workspace.version}:${this.#index?.epoch ?? 0}`;
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined && cached.version === version) return cached.result;
    const predicate = query === null ? () => true : compileQuery(query, CONVERSATION_FIELDS);
    const key = CONVERSATION_SORT_FIELDS[field];
    if (key === undefined) throw new SearchQueryError('parameter_invalid', `Cannot sort by ${field}.`);
    const workspace = this.#workspace;
    const matches: number[] = [];
    const indexedUpdatedAt = new Map<number, number>();
    for (let index = 0; index < workspace.count; index++) {
      const seen = view?.get(index);
      let row: ConversationRow;
      if (seen === undefined) {
        if (workspace.isDeleted(index)) continue;
        row = new ConversationRow(workspace, index);
      } else {
        // Never indexed, or its deletion is: search does not list it.
        if (seen === null || seen.removed) continue;
        row = new ConversationRow(workspace, index, seen.updatedAt);
        if (seen.updatedAt !== workspace.updatedAt[index]) indexedUpdatedAt.set(index, seen.updatedAt);
      }
      if (predicate(row)) matches.push(index);
    }
    const updatedAtOf = (index: number): number =>
      indexedUpdatedAt.get(index) ?? workspace.updatedAt[index] ?? 0;
    const sorted = sortResult(matches, (index) => key(workspace, index, updatedAtOf(index)), descending);
    const result = { ...sorted, indexedUpdatedAt };
    this.#remember(cacheKey, version, result);
    return result;
  }

  #remember(cacheKey: string, version: string, result: ConversationSearchResult): void {
    this.#cache.delete(cacheKey);
    this.#cache.set(cacheKey, { version, result });
    if (this.#cache.size > ConversationSearch.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }
}

/** A search's `sort`: updated_at descending unless asked otherwise, by one of `sortFields`. */
export function parseSort(
  sort: unknown,
  sortFields: Readonly<Record<string, unknown>> = CONVERSATION_SORT_FIELDS,
): { field: string; descending: boolean } {
  if (sort === undefined || sort === null) return { field: 'updated_at', descending: true };
  if (typeof sort !== 'object' || Array.isArray(sort))
    throw new SearchQueryError('parameter_invalid', 'sort must be an object.');
  const { field = 'updated_at', order = 'descending' } = sort as Record<string, unknown>;
  if (typeof field !== 'string' || sortFields[field] === undefined) {
    throw new SearchQueryError(
      'parameter_invalid',
      `Cannot sort by ${JSON.stringify(field)}: use ${Object.keys(sortFields).join(', ')}.`,
    );
  }
  if (order !== 'ascending' && order !== 'descending') {
    throw new SearchQueryError('invalid_sort_order', 'sort.order must be ascending or descending.');
  }
  return { field, descending: order === 'descending' };
}
