import type { ConversationRepository } from '../db/conversation-repository.js';
import { isFicError } from '../errors.js';
import type { RequestOptions } from '../intercom/intercom-client.js';
import { orderedListing } from '../intercom/ordered-listing.js';
import type { ContactSource } from './contact-sync.js';
import { mapContact } from './contact-sync.js';
import { STATE_KEYS } from './sync-plan.js';
import type { MissingPermission } from './sync-plan.js';

export interface ContactRefreshResult {
  /** Contacts the search listed as changed since the checkpoint. */
  listed: number;
  /** Of them, the ones the copy holds, now replaced. */
  refreshed: number;
  requests: number;
  /** Set when the token may not search contacts. */
  missing?: MissingPermission;
}

/**
 * Contacts edited in Intercom after the copy fetched them: listed through contact search on
 * updated_at since the contact checkpoint (less the lookback, for an index that shows edits late), and
 * replaced where the copy holds them; the copy keeps only the contacts its conversations name, so the
 * rest of the listing is ignored. The checkpoint moves with each page. A first run starts it at the
 * run's start (every contact it fetched is current). Contact tag changes do not move a contact's
 * updated_at in Intercom, so they are not seen here.
 */
export async function refreshContacts(
  client: Pick<ContactSource, 'searchContacts'>,
  repository: Pick<ConversationRepository, 'getState' | 'setState' | 'refreshContacts'>,
  options: RequestOptions & {
    startedAt: number;
    lookbackSeconds: number;
    from?: number;
    syncedAt: () => number;
  },
): Promise<ContactRefreshResult> {
  const checkpoint = repository.getState<number>(STATE_KEYS.contacts);
  const result: ContactRefreshResult = { listed: 0, refreshed: 0, requests: 0 };
  if (checkpoint === undefined) {
    repository.setState(STATE_KEYS.contacts, options.startedAt);
    return result;
  }
  const from = Math.min(checkpoint - options.lookbackSeconds, options.from ?? Number.POSITIVE_INFINITY);
  const pages = orderedListing(
    async (body, requestOptions) => {
      result.requests += 1;
      const page = await client.searchContacts(body, requestOptions);
      return {
        items: page.data.map((contact) => ({ ...contact, updated_at: contact.updated_at ?? 0 })),
        totalCount: page.total_count,
        next: page.pages?.next?.starting_after ?? undefined,
      };
    },
    { from, signal: options.signal },
  );
  let newest = checkpoint;
  try {
    for await (const page of pages) {
      result.listed += page.items.length;
      const syncedAt = options.syncedAt();
      result.refreshed += repository.refreshContacts(
        page.items.map((contact) => mapContact(contact, syncedAt)),
      );
      for (const contact of page.items) newest = Math.max(newest, contact.updated_at);
      // The next run starts here (less the lookback): a later failure loses nothing of this page.
      repository.setState(STATE_KEYS.contacts, Math.min(newest, options.startedAt));
    }
  } catch (error) {
    if (!isFicError(error) || error.code !== 'permission') throw error;
    result.missing = {
      permission: String(error.details.permission),
      endpoint: String(error.details.endpoint),
      effect: 'contact edits made in Intercom are not picked up',
    };
    return result;
  }
  // Listed to the end: everything updated before the run began has been seen.
  repository.setState(STATE_KEYS.contacts, Math.max(checkpoint, options.startedAt));
  return result;
}
