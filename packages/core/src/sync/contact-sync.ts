import type { ContactRow } from '../db/conversation-repository.js';
import type { RequestOptions } from '../intercom/intercom-client.js';
import type { Contact, SearchFilter } from '../intercom/intercom-schemas.js';

/** What contact sync needs of a client (an IntercomClient fits). */
export interface ContactSearcher {
  searchContacts(
    body: { query: SearchFilter; pagination?: { per_page?: number; starting_after?: string | null } },
    options?: RequestOptions,
  ): Promise<{ data: Contact[] }>;
}

/** POST /contacts/search takes up to 150 per page, and an `id IN [...]` of that size. */
export const CONTACT_BATCH_SIZE = 150;

/** Where a run's fetched contacts are stored (a ConversationRepository fits). */
export interface FetchedContacts {
  /** The given contacts stored as fetched (not stubs) at or after `since` (Unix seconds). */
  contactsFetchedSince(ids: Iterable<string>, since: number): Set<string>;
}

/**
 * Contacts of the conversations a run writes: each fetched at most once per run, 150 to a request
 * (POST /contacts/search, id IN [...]), so a page of conversations costs about one request, not one per
 * contact. A contact the search does not return (deleted) stays the stub its conversation left.
 *
 * What the run already fetched is read back from the database (stored as fetched since the run began),
 * not remembered here: a set of every contact id would grow with the workspace (~6 MB of heap for 70k
 * contacts). Only the ids requested and not yet written are held, a few pages' worth. Two costs: a
 * deleted contact may be asked for again by a later page, and one an earlier run fetched in the very
 * second this run began counts as fetched by this run.
 */
export class ContactFetcher {
  readonly #client: ContactSearcher;
  readonly #stored: FetchedContacts;
  readonly #runStartedAt: number;
  readonly #claimed = new Set<string>();

  /** `runStartedAt`: Unix seconds, on the clock that stamps the contacts' `synced_at`. */
  constructor(client: ContactSearcher, stored: FetchedContacts, runStartedAt: number) {
    this.#client = client;
    this.#stored = stored;
    this.#runStartedAt = runStartedAt;
  }

  /**
   * The ids neither fetched in this run nor claimed and not yet released, marked as claimed, in batches
   * of up to 150. Release them (`release`) once their page is written.
   */
  claim(ids: Iterable<string>): string[][] {
    const candidates = new Set<string>();
    for (const id of ids) if (!this.#claimed.has(id)) candidates.add(id);
    const done = this.#stored.contactsFetchedSince(candidates, this.#runStartedAt);
    const fresh: string[] = [];
    for (const id of candidates) {
      if (done.has(id)) continue;
      this.#claimed.add(id);
      fresh.push(id);
    }
    const batches: string[][] = [];
    for (let start = 0; start < fresh.length; start += CONTACT_BATCH_SIZE) {
      batches.push(fresh.slice(start, start + CONTACT_BATCH_SIZE));
    }
    return batches;
  }

  /** One request for up to 150 contacts. */
  async fetchBatch(ids: string[], syncedAt: number, options?: RequestOptions): Promise<ContactRow[]> {
    const page = await this.#client.searchContacts(
      { query: { field: 'id', operator: 'IN', value: ids }, pagination: { per_page: CONTACT_BATCH_SIZE } },
      options,
    );
    return page.data.map((contact) => mapContact(contact, syncedAt));
  }

  /**
   * Forgets claimed ids: once their page is written the database remembers them; after a failure they may
   * be fetched again later in the run.
   */
  release(ids: Iterable<string>): void {
    for (const id of ids) this.#claimed.delete(id);
  }
}

export function mapContact(contact: Contact, syncedAt: number): ContactRow {
  return {
    id: contact.id,
    role: contact.role ?? null,
    email: contact.email ?? null,
    name: contact.name ?? null,
    phone: contact.phone ?? null,
    external_id: contact.external_id ?? null,
    created_at: contact.created_at ?? null,
    updated_at: contact.updated_at ?? null,
    signed_up_at: contact.signed_up_at ?? null,
    last_seen_at: contact.last_seen_at ?? null,
    location_country: contact.location?.country ?? null,
    location_city: contact.location?.city ?? null,
    synced_at: syncedAt,
  };
}
