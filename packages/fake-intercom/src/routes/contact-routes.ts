import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import { checkIdValueCount } from '../realism/contact-search-limits.js';
import type { LaggedSearchIndex } from '../realism/search-index-lag.js';
import type { ContactRecord, Directory } from '../workspace/directory.js';
import type { Workspace } from '../workspace/workspace.js';
import type { PagingRealism } from './result-pager.js';
import { pageOf, pagesObject, sortResult } from './result-pager.js';
import type { FieldTable } from './search-dsl.js';
import { SearchQueryError, compileQuery, parsePagination } from './search-dsl.js';

const NESTED_LIST_LIMIT = 10;

export function contactJson(
  contact: ContactRecord,
  workspace: Workspace,
  updatedAt = contact.updatedAt,
): Record<string, unknown> {
  const domain = contact.email?.split('@')[1];
  const companies = workspace.companies.companiesOf(contact.index);
  const json: Record<string, unknown> = {
    type: 'contact',
    id: contact.id,
    workspace_id: workspace.workspaceId,
    external_id: contact.externalId,
    role: contact.role,
    phone: contact.phone,
    name: contact.name,
    avatar: null,
    owner_id: null,
    social_profiles: { type: 'list', data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    created_at: contact.createdAt,
    updated_at: updatedAt,
    signed_up_at: contact.role === 'user' ? contact.createdAt : null,
    last_seen_at: contact.lastSeenAt,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: 'chrome',
    browser_version: '126.0.0.0',
    browser_language: 'en',
    os: 'OS X 14.5',
    custom_attributes: {},
    tags: { type: 'list', data: [], url: `/contacts/${contact.id}/tags`, total_count: 0, has_more: false },
    notes: { type: 'list', data: [], url: `/contacts/${contact.id}/notes`, total_count: 0, has_more: false },
    companies: {
      type: 'list',
      // Nested lists stop at 10 with has_more (REAL-API-BEHAVIOUR.md, "Contacts"); the rest via the url.
      data: companies.slice(0, NESTED_LIST_LIMIT).map((company) => {
        const id = workspace.companies.company(company).id;
        return { type: 'company', id, url: `/companies/${id}` };
      }),
      url: `/contacts/${contact.id}/companies`,
      total_count: companies.length,
      has_more: companies.length > NESTED_LIST_LIMIT,
    },
    location: { type: 'location', country: contact.country, region: null, city: contact.city },
  };
  // The spec types email as a plain string: a contact without one has it left out (null with explicitNulls).
  const explicitNulls = workspace.realism.explicitNulls;
  if (contact.email !== null || explicitNulls) json.email = contact.email;
  if (domain !== undefined || explicitNulls) json.email_domain = domain ?? null;
  return json;
}

/** A contact as contact search sees it: the record, with updated_at as the index last saw it. */
interface ContactRow {
  contact: ContactRecord;
  updatedAt: number;
}

const CONTACT_FIELDS: FieldTable<ContactRow> = {
  id: { type: 'string', get: (row) => row.contact.id },
  email: { type: 'string', get: (row) => row.contact.email },
  email_domain: { type: 'string', get: (row) => row.contact.email?.split('@')[1] ?? null },
  name: { type: 'string', get: (row) => row.contact.name },
  role: { type: 'string', get: (row) => row.contact.role },
  phone: { type: 'string', get: (row) => row.contact.phone },
  external_id: { type: 'string', get: (row) => row.contact.externalId },
  created_at: { type: 'date', get: (row) => row.contact.createdAt },
  updated_at: { type: 'date', get: (row) => row.updatedAt },
  last_seen_at: { type: 'date', get: (row) => row.contact.lastSeenAt },
};

/**
 * Contacts a query can only match, when it is an `id =`/`IN` filter or an OR of them (how a sync looks
 * contacts up in batches): those are found directly instead of scanning every contact.
 */
function candidateContacts(query: unknown, directory: Directory): number[] | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const node = query as Record<string, unknown>;
  if (node.field === 'id' && (node.operator === '=' || node.operator === 'IN')) {
    const ids = Array.isArray(node.value) ? node.value : [node.value];
    // By index, merged contacts included: whether search still shows one is the index's business.
    return ids
      .flatMap((id) => (typeof id === 'string' ? [directory.indexOfContact(id.toLowerCase())] : []))
      .filter((index) => index >= 0);
  }
  if (node.operator === 'OR' && Array.isArray(node.value)) {
    const parts = node.value.map((child) => candidateContacts(child, directory));
    if (parts.every((part) => part !== undefined)) return [...new Set(parts.flat())];
  }
  return undefined;
}

export interface ContactRouteOptions {
  /** Contact search's own index, lagging the record store (absent: search reads the store). */
  searchIndex?: LaggedSearchIndex;
  /** Read per request: the stuck-cursor control can change it. */
  paging: () => PagingRealism;
}

export function contactRoutes(options: ContactRouteOptions): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/contacts\/([^/]+)$/,
      name: 'GET /contacts/{id}',
      handle: ({ workspace, params }) => {
        // The record store: a new contact is found at once, a merged one is gone.
        const contact = workspace.directory.contactById(decodeURIComponent(params[0] ?? ''));
        if (contact === undefined) throw new ApiError(404, 'not_found', 'User Not Found');
        return { body: contactJson(contact, workspace) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/contacts\/search$/,
      name: 'POST /contacts/search',
      handle: ({ workspace, body }) => {
        const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
        try {
          const predicate = compileQuery(request.query, CONTACT_FIELDS);
          checkIdValueCount(request.query, workspace.realism.maxContactSearchIdValues);
          const { perPage, startingAfter } = parsePagination(request.pagination);
          const directory = workspace.directory;
          const view = options.searchIndex?.view();
          /** The contact as search sees it, or undefined when search does not list it. */
          const rowOf = (index: number): ContactRow | undefined => {
            const seen = view?.get(index);
            if (seen === undefined) {
              if (directory.isMerged(index)) return undefined;
              const contact = directory.contact(index);
              return { contact, updatedAt: contact.updatedAt };
            }
            if (seen === null || seen.removed) return undefined;
            return { contact: directory.contact(index), updatedAt: seen.updatedAt };
          };
          const candidates = candidateContacts(request.query, directory);
          const matches = new Map<number, ContactRow>();
          const consider = (index: number): void => {
            const row = rowOf(index);
            if (row !== undefined && predicate(row)) matches.set(index, row);
          };
          if (candidates !== undefined) for (const index of candidates) consider(index);
          else for (let index = 0; index < directory.contactCount; index++) consider(index);
          const sorted = sortResult(
            [...matches.keys()],
            (index) => matches.get(index)?.contact.createdAt ?? 0,
            true,
          );
          const page = pageOf(sorted, startingAfter, perPage, options.paging());
          return {
            body: {
              type: 'list',
              data: page.indexes.flatMap((index) => {
                const row = matches.get(index);
                return row === undefined ? [] : [contactJson(row.contact, workspace, row.updatedAt)];
              }),
              total_count: page.totalCount,
              pages: pagesObject(page),
            },
          };
        } catch (error) {
          if (error instanceof SearchQueryError) throw new ApiError(400, error.code, error.message);
          throw error;
        }
      },
    },
  ];
}
