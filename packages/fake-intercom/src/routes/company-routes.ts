import { ApiError } from '../http/api-error.js';
import type { Route } from '../http/route.js';
import { positiveInteger } from '../realism/deletions.js';
import type { CompanyRecord } from '../workspace/company-directory.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CompanyScroll } from './company-scroll.js';
import { contactJson } from './contact-routes.js';

/**
 * Companies as the 2.16 API serves them: `GET /companies` (page-number pages, as the spec documents it;
 * also `?name=` / `?company_id=` for one company and `?tag_id=`), `GET /companies/{id}`,
 * `GET /companies/{id}/contacts`, `GET /contacts/{id}/companies` and the single-scroll
 * `GET /companies/scroll`. Fields a company has no value for are left out, as the spec's examples do.
 */

const DEFAULT_PER_PAGE = 15;
/** Intercom's list endpoints take at most 60 a page (assumed the same for companies; the spec names no maximum). */
const MAX_PER_PAGE = 60;
const CONTACTS_PER_PAGE = 50;

export function companyJson(company: CompanyRecord, workspace: Workspace): Record<string, unknown> {
  const json: Record<string, unknown> = {
    type: 'company',
    company_id: company.companyId,
    id: company.id,
    app_id: workspace.workspaceId,
    name: company.name,
  };
  if (company.remoteCreatedAt !== null) json.remote_created_at = company.remoteCreatedAt;
  json.created_at = company.createdAt;
  json.updated_at = company.updatedAt;
  if (company.lastRequestAt !== null) json.last_request_at = company.lastRequestAt;
  json.monthly_spend = company.monthlySpend;
  json.session_count = company.sessionCount;
  json.user_count = workspace.companies.contactsOf(company.index).length;
  if (company.size !== null) json.size = company.size;
  if (company.website !== null) json.website = company.website;
  if (company.industry !== null) json.industry = company.industry;
  json.tags = {
    type: 'tag.list',
    tags: company.tagIndexes.map((tag) => {
      const record = workspace.directory.tag(tag);
      return { type: 'tag', id: record.id, name: record.name };
    }),
  };
  json.segments = { type: 'segment.list', segments: [] };
  json.plan = company.plan === null ? {} : { type: 'plan', id: company.plan.id, name: company.plan.name };
  json.custom_attributes = { ...company.customAttributes };
  return json;
}

/** A page-number page of `items` (`next` names the next page, null on the last), as the spec's examples. */
function pageNumberList<T>(
  url: URL,
  items: readonly T[],
  defaultPerPage: number,
  render: (item: T) => unknown,
): Record<string, unknown> {
  const params = url.searchParams;
  const page = positiveInteger('page', params.get('page'), 1);
  const perPage = positiveInteger('per_page', params.get('per_page'), defaultPerPage, MAX_PER_PAGE);
  const totalPages = Math.ceil(items.length / perPage);
  return {
    type: 'list',
    data: items.slice((page - 1) * perPage, page * perPage).map(render),
    pages: {
      type: 'pages',
      next: page < totalPages ? { page: page + 1, per_page: perPage } : null,
      page,
      per_page: perPage,
      total_pages: totalPages,
    },
    total_count: items.length,
  };
}

/** Every company, oldest first (created_at, then index): an order an edit never changes. */
function companiesInOrder(workspace: Workspace): CompanyRecord[] {
  const companies = workspace.companies;
  const all = Array.from({ length: companies.count }, (_, index) => companies.company(index));
  return all.sort((a, b) => a.createdAt - b.createdAt || a.index - b.index);
}

function companyAt(workspace: Workspace, id: string): CompanyRecord {
  const index = workspace.companies.indexOf(id);
  if (index < 0) throw new ApiError(404, 'company_not_found', 'Company Not Found');
  return workspace.companies.company(index);
}

export function companyRoutes(scroll: CompanyScroll): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/companies$/,
      name: 'GET /companies',
      handle: ({ workspace, url }) => {
        const params = url.searchParams;
        const name = params.get('name');
        const companyId = params.get('company_id');
        if (name !== null || companyId !== null) {
          // One company by name or by the workspace's own id: the company itself, not a list.
          const found = companiesInOrder(workspace).find(
            (company) =>
              (name === null || company.name === name) &&
              (companyId === null || company.companyId === companyId),
          );
          if (found === undefined) throw new ApiError(404, 'company_not_found', 'Company Not Found');
          return { body: companyJson(found, workspace) };
        }
        const tagId = params.get('tag_id');
        const segmentId = params.get('segment_id');
        const companies = companiesInOrder(workspace).filter(
          (company) =>
            segmentId === null &&
            (tagId === null || company.tagIndexes.some((tag) => workspace.directory.tag(tag).id === tagId)),
        );
        return {
          body: pageNumberList(url, companies, DEFAULT_PER_PAGE, (company) =>
            companyJson(company, workspace),
          ),
        };
      },
    },
    // Before GET /companies/{id}, which would take "scroll" for an id.
    {
      method: 'GET',
      pattern: /^\/companies\/scroll$/,
      name: 'GET /companies/scroll',
      handle: ({ workspace, url }) => {
        const all = companiesInOrder(workspace);
        const { start, end, param } = scroll.next(url.searchParams.get('scroll_param'), all.length);
        return {
          body: {
            type: 'list',
            data: all.slice(start, end).map((company) => companyJson(company, workspace)),
            pages: null,
            total_count: null,
            scroll_param: param,
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/companies\/([^/]+)$/,
      name: 'GET /companies/{id}',
      handle: ({ workspace, params }) => ({
        body: companyJson(companyAt(workspace, decodeURIComponent(params[0] ?? '')), workspace),
      }),
    },
    {
      method: 'GET',
      pattern: /^\/companies\/([^/]+)\/contacts$/,
      name: 'GET /companies/{id}/contacts',
      handle: ({ workspace, params, url }) => {
        const company = companyAt(workspace, decodeURIComponent(params[0] ?? ''));
        const contacts = workspace.companies.contactsOf(company.index);
        const directory = workspace.directory;
        return {
          body: pageNumberList(url, contacts, CONTACTS_PER_PAGE, (contact) =>
            contactJson(directory.contact(contact), workspace),
          ),
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/contacts\/([^/]+)\/companies$/,
      name: 'GET /contacts/{id}/companies',
      handle: ({ workspace, params, url }) => {
        const contact = workspace.directory.contactById(decodeURIComponent(params[0] ?? ''));
        if (contact === undefined) throw new ApiError(404, 'not_found', 'User Not Found');
        const companies = workspace.companies
          .companiesOf(contact.index)
          .map((index) => workspace.companies.company(index));
        return {
          body: pageNumberList(url, companies, CONTACTS_PER_PAGE, (company) =>
            companyJson(company, workspace),
          ),
        };
      },
    },
  ];
}
