import type { ConversationRepository } from '../db/conversation-repository.js';
import type { ConversationStamp } from '../intercom/intercom-schemas.js';
import type { IdSet } from './id-set.js';
import type { ListedPage } from './page-pipeline.js';

/** Ids a check page holds (one detail request each). */
const CHECK_PAGE_SIZE = 150;

/**
 * Conversations the copy holds, updated within [from, to], that the listing did not show: deleted in
 * Intercom (a deletion the deleted list did not report), or shown by a lagging search index with an
 * older update time than the copy's. Yields them as check pages: each is fetched, and a 404 removes it.
 */
export function* unlistedCheckPages(
  repository: Pick<ConversationRepository, 'storedUpdatedBetween'>,
  listed: IdSet,
  from: number,
  to: number,
): Generator<ListedPage> {
  let items: ConversationStamp[] = [];
  for (const id of repository.storedUpdatedBetween(from, to)) {
    if (listed.has(id)) continue;
    items.push({ id, updated_at: 0 });
    if (items.length === CHECK_PAGE_SIZE) {
      yield { items, totalCount: 0, kind: 'check' };
      items = [];
    }
  }
  if (items.length > 0) yield { items, totalCount: 0, kind: 'check' };
}

/** Ids as check pages of up to 150. */
export function* checkPages(ids: readonly string[]): Generator<ListedPage> {
  for (let start = 0; start < ids.length; start += CHECK_PAGE_SIZE) {
    const items = ids.slice(start, start + CHECK_PAGE_SIZE).map((id) => ({ id, updated_at: 0 }));
    yield { items, totalCount: 0, kind: 'check' };
  }
}
