import { FicError } from '../errors.js';
import type { RequestOptions } from './intercom-client.js';
import type {
  ConversationStamp,
  ConversationStampsPage,
  ConversationSummary,
  SearchConversationsRequest,
} from './intercom-schemas.js';

/**
 * What the pager needs of a client: an IntercomClient fits (its items are whole ConversationSummary
 * objects), and so does `{ searchConversations: client.searchConversationStamps }` when only ids and
 * update times are wanted (a sync: far less to parse and hold).
 */
export interface ConversationSearcher<Item extends ConversationStamp = ConversationSummary> {
  searchConversations(
    body: SearchConversationsRequest,
    options?: RequestOptions,
  ): Promise<Omit<ConversationStampsPage, 'conversations'> & { conversations: Item[] }>;
}

export interface ConversationPagesOptions {
  /** Inclusive lower bound on updated_at, Unix seconds. 0 walks the whole workspace. */
  updatedSince: number;
  /** Page size; Intercom's maximum (and the default) is 150. */
  perPage?: number;
  signal?: AbortSignal;
}

export interface ConversationPage<Item extends ConversationStamp = ConversationSummary> {
  /** This page's conversations, updated_at ascending, none repeated from earlier pages. */
  items: Item[];
  /** total_count as the API reported it on this page (matches at the time of the request). */
  totalCount: number;
  /** 1-based page number. */
  page: number;
  /** total_pages as the API reported it, when it did. */
  totalPages: number | null;
}

/**
 * Walks POST /conversations/search for everything updated at or after `updatedSince`, oldest update
 * first, following `pages.next.starting_after` to the end. Lazy: the next page is fetched only when the
 * consumer asks for it.
 *
 * A conversation seen again at the same updated_at second (a tie that straddled a page border, or a
 * repeated answer) is skipped; one that comes back with a later updated_at changed meanwhile and is
 * yielded again. Nothing else is dropped.
 */
export async function* conversationPages<Item extends ConversationStamp = ConversationSummary>(
  client: ConversationSearcher<Item>,
  options: ConversationPagesOptions,
): AsyncGenerator<ConversationPage<Item>, void, undefined> {
  const perPage = options.perPage ?? 150;
  const { signal } = options;
  // `>` is strict on timestamps: `> T - 1` makes the bound inclusive.
  const query = { field: 'updated_at', operator: '>', value: options.updatedSince - 1 } as const;
  let cursor: string | undefined;
  let newest = Number.NEGATIVE_INFINITY;
  let seenAtNewest = new Set<string>();
  for (let page = 1; ; page += 1) {
    if (signal?.aborted) throw new FicError('aborted', 'The conversation search was cancelled.');
    const result = await client.searchConversations(
      {
        query,
        pagination:
          cursor === undefined ? { per_page: perPage } : { per_page: perPage, starting_after: cursor },
        sort: { field: 'updated_at', order: 'ascending' },
      },
      { signal },
    );

    const items: Item[] = [];
    for (const conversation of result.conversations) {
      if (conversation.updated_at > newest) {
        newest = conversation.updated_at;
        seenAtNewest = new Set();
      } else if (conversation.updated_at === newest && seenAtNewest.has(conversation.id)) {
        continue;
      }
      if (conversation.updated_at === newest) seenAtNewest.add(conversation.id);
      items.push(conversation);
    }

    yield { items, totalCount: result.total_count, page, totalPages: result.pages?.total_pages ?? null };

    const next = result.pages?.next?.starting_after ?? undefined;
    if (next === undefined || result.conversations.length === 0) return;
    if (next === cursor) {
      throw new FicError(
        'malformed_response',
        'POST /conversations/search answered the same page cursor twice: try the sync again later.',
      );
    }
    cursor = next;
  }
}
