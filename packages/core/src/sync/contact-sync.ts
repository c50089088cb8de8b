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

/** Ids remembered as fetched in this run; beyond this the memory is dropped (at worst a contact is fetched twice). */
const REMEMBERED_LIMIT = 100_000;

/**
 * Contacts of the conversations a run writes: each fetched at most once per run, 150 to a request
 * (POST /contacts/search, id IN [...]), so a page of conversations costs about one request, not one per
 * contact. A contact the search does not return (deleted) stays the stub its conversation left.
 */
export class ContactFetcher {
  readonly #client: ContactSearcher;
  readonly #fetched = new Set<string>();

  constructor(client: ContactSearcher) {
    this.#client = client;
  }

  /** The ids not yet requested in this run, marked as requested, in batches of up to 150. */
  claim(ids: Iterable<string>): string[][] {
    if (this.#fetched.size > REMEMBERED_LIMIT) this.#fetched.clear();
    const fresh: string[] = [];
    for (const id of ids) {
      if (this.#fetched.has(id)) continue;
      this.#fetched.add(id);
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

  /** Lets a batch that failed or was never written be fetched again later in the run. */
  release(ids: string[]): void {
    for (const id of ids) this.#fetched.delete(id);
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
