import type { ContactRow, FailureWrite } from '../db/conversation-repository.js';
import { isFicError } from '../errors.js';
import type { FicError } from '../errors.js';
import type { RequestOptions } from '../intercom/intercom-client.js';
import type { Contact, SearchContactsRequest } from '../intercom/intercom-schemas.js';
import { compressPayload } from '../db/raw-payloads.js';
import { isItemFailure } from './fetch-failures.js';

/** What contact sync needs of a client (an IntercomClient fits). */
export interface ContactSource {
  searchContacts(
    body: SearchContactsRequest,
    options?: RequestOptions,
  ): Promise<{
    data: Contact[];
    total_count: number;
    pages?: { next?: { starting_after?: string | null } | null } | null;
  }>;
  getContact(id: string, options?: RequestOptions): Promise<Contact>;
}

/** POST /contacts/search takes up to 150 per page; `id IN [...]` of that size is undocumented. */
export const CONTACT_BATCH_SIZE = 150;

/** Where a run's fetched contacts are stored (a ConversationRepository fits). */
export interface FetchedContacts {
  /** The given contacts stored as fetched (not stubs), or found gone, at or after `since` (Unix seconds). */
  contactsFetchedSince(ids: Iterable<string>, since: number): Set<string>;
}

/** What fetching a batch of contacts found. */
export interface ContactBatch {
  contacts: ContactRow[];
  /** Ids Intercom no longer has (GET answered 404: deleted, or merged into another contact). */
  gone: string[];
  /** Ids whose fetch failed after retries: left as stubs, recorded, retried by later syncs. */
  failures: FailureWrite[];
}

/**
 * Contacts of the conversations a run writes: each fetched at most once per run, 150 to a request
 * (POST /contacts/search, id IN [...]), so a page of conversations costs about one request, not one per
 * contact. The search is a separate index that misses new contacts for minutes (documented) and merged
 * ones, so a contact it does not return is read from the record store with GET /contacts/{id}; a 404
 * there means the contact is gone. An `id IN` the API refuses (400) is halved until it passes, down to
 * single GETs.
 *
 * A token without the contacts permission leaves every contact a stub: the first 401/403 turns the
 * fetcher off for the run and is reported through `onMissingPermission`.
 *
 * What the run already fetched is read back from the database (stored as fetched since the run began),
 * not remembered here: a set of every contact id would grow with the workspace (~6 MB of heap for 70k
 * contacts). Only the ids requested and not yet written are held, a few pages' worth.
 */
export class ContactFetcher {
  readonly #client: ContactSource;
  readonly #stored: FetchedContacts;
  readonly #runStartedAt: number;
  readonly #claimed = new Set<string>();
  readonly #onMissingPermission: (error: FicError) => void;
  #disabled = false;

  /** `runStartedAt`: Unix seconds, on the clock that stamps the contacts' `synced_at`. */
  constructor(
    client: ContactSource,
    stored: FetchedContacts,
    runStartedAt: number,
    onMissingPermission: (error: FicError) => void = () => undefined,
  ) {
    this.#client = client;
    this.#stored = stored;
    this.#runStartedAt = runStartedAt;
    this.#onMissingPermission = onMissingPermission;
  }

  /**
   * The ids neither fetched in this run nor claimed and not yet released, marked as claimed, in batches
   * of up to 150. Release them (`release`) once their page is written.
   */
  claim(ids: Iterable<string>): string[][] {
    if (this.#disabled) return [];
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

  /** Up to 150 contacts: one search request when the API takes it. */
  async fetchBatch(ids: string[], syncedAt: number, options?: RequestOptions): Promise<ContactBatch> {
    const batch: ContactBatch = { contacts: [], gone: [], failures: [] };
    if (this.#disabled || ids.length === 0) return batch;
    try {
      await this.#search(ids, syncedAt, batch, options);
    } catch (error) {
      if (!this.#permissionMissing(error)) throw error;
    }
    return batch;
  }

  /** Each contact read from the record store (GET /contacts/{id}), bypassing the search index. */
  async fetchEach(ids: string[], syncedAt: number, options?: RequestOptions): Promise<ContactBatch> {
    const batch: ContactBatch = { contacts: [], gone: [], failures: [] };
    if (this.#disabled) return batch;
    try {
      for (const id of ids) await this.#getOne(id, syncedAt, batch, options);
    } catch (error) {
      if (!this.#permissionMissing(error)) throw error;
    }
    return batch;
  }

  /**
   * Forgets claimed ids: once their page is written the database remembers them; after a failure they may
   * be fetched again later in the run.
   */
  release(ids: Iterable<string>): void {
    for (const id of ids) this.#claimed.delete(id);
  }

  async #search(
    ids: string[],
    syncedAt: number,
    batch: ContactBatch,
    options?: RequestOptions,
  ): Promise<void> {
    if (ids.length === 1) return this.#getOne(ids[0]!, syncedAt, batch, options);
    let found: Contact[];
    try {
      const page = await this.#client.searchContacts(
        { query: { field: 'id', operator: 'IN', value: ids }, pagination: { per_page: CONTACT_BATCH_SIZE } },
        options,
      );
      found = page.data;
    } catch (error) {
      if (!isRefusedQuery(error)) throw error;
      const half = Math.ceil(ids.length / 2);
      await this.#search(ids.slice(0, half), syncedAt, batch, options);
      await this.#search(ids.slice(half), syncedAt, batch, options);
      return;
    }
    const returned = new Set<string>();
    for (const contact of found) {
      returned.add(contact.id);
      batch.contacts.push(mapContact(contact, syncedAt));
    }
    for (const id of ids) if (!returned.has(id)) await this.#getOne(id, syncedAt, batch, options);
  }

  async #getOne(id: string, syncedAt: number, batch: ContactBatch, options?: RequestOptions): Promise<void> {
    try {
      batch.contacts.push(mapContact(await this.#client.getContact(id, options), syncedAt));
    } catch (error) {
      if (isFicError(error) && error.code === 'not_found') batch.gone.push(id);
      else if (isItemFailure(error)) batch.failures.push(failureOf('contact', id, error));
      else throw error;
    }
  }

  #permissionMissing(error: unknown): boolean {
    if (!isFicError(error) || error.code !== 'permission') return false;
    this.#disabled = true;
    this.#onMissingPermission(error);
    return true;
  }
}

/** A 400 from the search: the query (here, the size of its `id IN`) is refused, not the token. */
function isRefusedQuery(error: unknown): boolean {
  return isFicError(error) && error.code === 'api' && error.details.status === 400;
}

export function failureOf(kind: FailureWrite['kind'], id: string, error: FicError): FailureWrite {
  const status = error.details.status;
  return {
    kind,
    id,
    code: error.code,
    message: error.message,
    status: typeof status === 'number' ? status : null,
  };
}

/**
 * A fetched contact's row, links and raw payload. The payload is the contact object as the client
 * parsed it (every field kept; ids read as strings), since a search page's text holds many contacts.
 */
export function mapContact(contact: Contact, syncedAt: number, keepPayload = true): ContactRow {
  const attributes = contact.custom_attributes;
  return {
    custom_attributes:
      attributes == null || Object.keys(attributes).length === 0 ? null : JSON.stringify(attributes),
    tagIds: listIds((contact as { tags?: unknown }).tags),
    companyIds: listIds((contact as { companies?: unknown }).companies),
    ...(keepPayload ? { rawPayload: compressPayload(JSON.stringify(contact)) } : {}),
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
    gone_at: null,
  };
}

/** Ids of a contact's `tags` / `companies` list ({data: [{id}]}); 2.16 shows up to 10 of each. */
function listIds(value: unknown): string[] {
  const data = (value as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(data)) return [];
  const ids = data
    .map((item) => (item as { id?: unknown } | null)?.id)
    .filter((id): id is string | number => (typeof id === 'string' && id !== '') || typeof id === 'number')
    .map(String);
  return [...new Set(ids)];
}
