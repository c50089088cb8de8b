import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import type { ContactRecord, Directory } from '../workspace/directory.js';
import { pageOf, pagesObject, sortResult } from './result-pager.js';
import type { FieldTable } from './search-dsl.js';
import { SearchQueryError, compileQuery, parsePagination } from './search-dsl.js';

export function contactJson(contact: ContactRecord, workspaceId: string): Record<string, unknown> {
  const domain = contact.email?.split('@')[1];
  const json: Record<string, unknown> = {
    type: 'contact',
    id: contact.id,
    workspace_id: workspaceId,
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
    updated_at: contact.lastSeenAt,
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
      data: [],
      url: `/contacts/${contact.id}/companies`,
      total_count: 0,
      has_more: false,
    },
    location: { type: 'location', country: contact.country, region: null, city: contact.city },
  };
  // The spec types email as a plain string: a contact without one has it left out.
  if (contact.email !== null) json.email = contact.email;
  if (domain !== undefined) json.email_domain = domain;
  return json;
}

const CONTACT_FIELDS: FieldTable<ContactRecord> = {
  id: { type: 'string', get: (contact) => contact.id },
  email: { type: 'string', get: (contact) => contact.email },
  email_domain: { type: 'string', get: (contact) => contact.email?.split('@')[1] ?? null },
  name: { type: 'string', get: (contact) => contact.name },
  role: { type: 'string', get: (contact) => contact.role },
  phone: { type: 'string', get: (contact) => contact.phone },
  external_id: { type: 'string', get: (contact) => contact.externalId },
  created_at: { type: 'date', get: (contact) => contact.createdAt },
  updated_at: { type: 'date', get: (contact) => contact.lastSeenAt },
  last_seen_at: { type: 'date', get: (contact) => contact.lastSeenAt },
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
    return ids
      .flatMap((id) => (typeof id === 'string' ? [directory.contactById(id.toLowerCase())?.index ?? -1] : []))
      .filter((index) => index >= 0);
  }
  if (node.operator === 'OR' && Array.isArray(node.value)) {
    const parts = node.value.map((child) => candidateContacts(child, directory));
    if (parts.every((part) => part !== undefined)) return [...new Set(parts.flat())];
  }
  return undefined;
}

export function contactRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/contacts\/([^/]+)$/,
      name: 'GET /contacts/{id}',
      handle: ({ workspace, params }) => {
        const contact = workspace.directory.contactById(decodeURIComponent(params[0] ?? ''));
        if (contact === undefined) throw new ApiError(404, 'not_found', 'User Not Found');
        return { body: contactJson(contact, workspace.workspaceId) };
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
          const { perPage, startingAfter } = parsePagination(request.pagination);
          const directory = workspace.directory;
          const candidates = candidateContacts(request.query, directory);
          const matches: number[] = [];
          if (candidates !== undefined) {
            for (const index of candidates) if (predicate(directory.contact(index))) matches.push(index);
          } else {
            for (let index = 0; index < directory.contactCount; index++) {
              if (predicate(directory.contact(index))) matches.push(index);
            }
          }
          const sorted = sortResult(matches, (index) => directory.contact(index).createdAt, true);
          const page = pageOf(sorted, startingAfter, perPage);
          return {
            body: {
              type: 'list',
              data: page.indexes.map((index) => contactJson(directory.contact(index), workspace.workspaceId)),
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
