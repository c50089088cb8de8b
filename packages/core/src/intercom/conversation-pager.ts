import type { RequestOptions } from './intercom-client-types.js';
import type {
  ConversationStamp,
  ConversationStampsPage,
  ConversationSummary,
  SearchConversationsRequest,
} from './intercom-schemas.js';
import { orderedListing } from './ordered-listing.js';
import type { ListingPage, OrderedListingOptions } from './ordered-listing.js';

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
  onDenseSecond?: OrderedListingOptions['onDenseSecond'];
}

export type ConversationPage<Item extends ConversationStamp = ConversationSummary> = ListingPage<Item>;

/**
 * Walks POST /conversations/search for everything updated at or after `updatedSince`, oldest update
 * first (see `orderedListing`: every conversation of a second is listed even when the API's cursor
 * carries no tie-breaker). A conversation seen again at the same second is skipped; one that comes back
 * with a later updated_at changed meanwhile and is yielded again. Nothing else is dropped.
 */
export function conversationPages<Item extends ConversationStamp = ConversationSummary>(
  client: ConversationSearcher<Item>,
  options: ConversationPagesOptions,
): AsyncGenerator<ConversationPage<Item>, void, undefined> {
  return orderedListing<Item>(
    async (body, requestOptions) => {
      const page = await client.searchConversations(body, requestOptions);
      return {
        items: page.conversations,
        totalCount: page.total_count,
        next: page.pages?.next?.starting_after ?? undefined,
      };
    },
    {
      from: options.updatedSince,
      perPage: options.perPage,
      signal: options.signal,
      onDenseSecond: options.onDenseSecond,
    },
  );
}
