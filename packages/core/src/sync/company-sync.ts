import type { CompanyRepository, CompanyWrite } from '../db/company-repository.js';
import { isFicError } from '../errors.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import { companyRows } from './company-mapper.js';
import { missingPermissionOf } from './missing-permission.js';
import type { MissingPermission } from './sync-plan.js';
import { unlessUnavailable } from './ticket-sync.js';

export interface CompanySyncOptions {
  client: Pick<IntercomClient, 'listCompanies' | 'getCompany'>;
  companies: CompanyRepository;
  /** Unix seconds. */
  nowSeconds: () => number;
  signal?: AbortSignal;
}

export interface CompanySyncResult {
  /** Companies the list returned (and written). */
  listed: number;
  /** Stored companies the list did not show that GET /companies/{id} found (re-written). */
  confirmed: number;
  /** Stored companies the list did not show and GET /companies/{id} answered 404 for: removed. */
  removed: number;
  /** Whether the list ran to its end (false past the API's 10,000-company limit: nothing is removed). */
  complete: boolean;
  missing: MissingPermission | null;
  /** True when the API has no company list (404). */
  unavailable: boolean;
}

/** GET /companies's page size limit. */
const COMPANIES_PER_PAGE = 60;
/** The list endpoint returns at most this many companies (spec); past it only the scroll would see all. */
const LIST_LIMIT = 10_000;
/** Unlisted stored companies checked one by one per run, at most. */
const MAX_CHECKS_PER_RUN = 1_000;

/**
 * Every company, relisted whole each run through the page-numbered GET /companies (not the scroll: a
 * workspace has one scroll open at a time, and a second sync, or another integration, would break it).
 * Companies have no updated_at search, so incremental is not offered; at 60 a page, 10,000 companies are
 * 167 requests. A page-numbered list shifts when companies are added or removed while it is read, so a
 * company missing from it is not taken as deleted: it is read with GET /companies/{id}, and only a 404
 * removes it.
 */
export async function syncCompanies(options: CompanySyncOptions): Promise<CompanySyncResult> {
  const { client, companies, signal } = options;
  const result: CompanySyncResult = {
    listed: 0,
    confirmed: 0,
    removed: 0,
    complete: false,
    missing: null,
    unavailable: false,
  };
  const seen = new Set<string>();
  try {
    for (let page = 1; ; page += 1) {
      const answer = await unlessUnavailable(
        client.listCompanies({ page, perPage: COMPANIES_PER_PAGE }, { signal }),
      );
      if (answer === undefined) return { ...result, unavailable: page === 1 };
      const writes: CompanyWrite[] = answer.data.map((company) => ({
        rows: companyRows(company.value, options.nowSeconds()),
        rawJson: company.rawJson,
      }));
      companies.writeCompanies(writes);
      for (const write of writes) seen.add(write.rows.company.id);
      result.listed += writes.length;
      const totalPages = answer.pages?.total_pages ?? undefined;
      if (answer.data.length === 0 || (totalPages !== undefined && page >= totalPages)) {
        result.complete = (answer.total_count ?? seen.size) <= LIST_LIMIT;
        break;
      }
      if (totalPages === undefined && answer.data.length < COMPANIES_PER_PAGE) {
        result.complete = true;
        break;
      }
    }
  } catch (error) {
    if (!isFicError(error) || error.code !== 'permission' || result.listed > 0) throw error;
    result.missing = missingPermissionOf(error, 'companies are not synced (the copy keeps the ones it had)');
    return result;
  }
  if (!result.complete) return result;

  const unlisted = companies
    .storedIds()
    .filter((id) => !seen.has(id))
    .slice(0, MAX_CHECKS_PER_RUN);
  const gone: string[] = [];
  for (const id of unlisted) {
    try {
      const answer = await client.getCompany(id, { signal });
      companies.writeCompanies([
        { rows: companyRows(answer.value, options.nowSeconds()), rawJson: answer.rawJson },
      ]);
      result.confirmed += 1;
    } catch (error) {
      if (!isFicError(error) || error.code !== 'not_found') throw error;
      gone.push(id);
    }
  }
  companies.removeCompanies(gone);
  result.removed = gone.length;
  return result;
}
