import type { CompanyRepository, CompanyWrite } from '../db/company-repository.js';
import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';
import { readSyncState, writeSyncState } from '../db/sync-state-write.js';
import { isFicError } from '../errors.js';
import type { IntercomClient } from '../intercom/intercom-client.js';
import { companyRows } from './company-mapper.js';
import { missingPermissionOf } from './missing-permission.js';
import type { MissingPermission } from './sync-plan.js';
import { unlessUnavailable } from './ticket-sync.js';

/** sync_state keys of the company sync. */
export const COMPANY_STATE_KEYS = {
  /** number: when a run last read the whole company list (Unix seconds). */
  listedAt: 'companies_listed_at',
} as const;

export interface CompanySyncOptions {
  client: Pick<IntercomClient, 'listCompanies' | 'getCompany'>;
  database: FicDatabase;
  companies: CompanyRepository;
  /** Unix seconds. */
  nowSeconds: () => number;
  /**
   * true: read the whole list now; false: only fetch the companies stored rows name and the copy lacks.
   * Default: the whole list when the last one is older than `relistAfterSeconds` (or there is none).
   */
  relist?: boolean;
  /** Default 24 hours (FASTINTERCOM_RECONCILE_HOURS, as for tickets). */
  relistAfterSeconds?: number;
  signal?: AbortSignal;
}

export interface CompanySyncResult {
  /** Whether this run read the whole company list. */
  relisted: boolean;
  /** Companies the list returned (and written). */
  listed: number;
  /** Companies that contacts name and the copy lacked, fetched one by one (runs between relists). */
  fetched: number;
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
/** Companies named by contacts but not stored, fetched one by one per run between relists, at most. */
const MAX_FETCHES_PER_RUN = 200;

/**
 * Companies, through the page-numbered GET /companies (not the scroll: a workspace has one scroll open at
 * a time, and a second sync, or another integration, would break it). Companies have no updated_at
 * search, so only a whole relist sees changes: at 60 a page, 10,000 companies are 167 requests, which an
 * incremental sync every few minutes should not pay. So the whole list is read once every
 * `relistAfterSeconds` (and by `fic sync --full` or `--reconcile`); the runs between fetch just the
 * companies that synced contacts name and the copy lacks (GET /companies/{id}), so a new customer's
 * company is there at once, and changes to known companies wait for the next relist. A page-numbered
 * list shifts when companies are added or removed while it is read, so a company missing from it is not
 * taken as deleted: it is read with GET /companies/{id}, and only a 404 removes it.
 */
export async function syncCompanies(options: CompanySyncOptions): Promise<CompanySyncResult> {
  const { client, companies, signal } = options;
  const startedAt = options.nowSeconds();
  const listedAt = readSyncState<number>(options.database, COMPANY_STATE_KEYS.listedAt);
  const relist =
    options.relist ??
    (listedAt === undefined || startedAt - listedAt >= (options.relistAfterSeconds ?? 86_400));
  if (!relist) return fetchNamedCompanies(options);
  const result = emptyCompanyResult(true);
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
  const { written, gone } = await fetchCompanies(unlisted, options);
  result.confirmed = written;
  companies.removeCompanies(gone);
  result.removed = gone.length;
  sqliteOf(options.database)
    .transaction(() =>
      writeSyncState(options.database, { [COMPANY_STATE_KEYS.listedAt]: startedAt }, startedAt),
    )
    .immediate();
  return result;
}

/** Between relists: the companies contacts name that the copy lacks, one GET /companies/{id} each. */
async function fetchNamedCompanies(options: CompanySyncOptions): Promise<CompanySyncResult> {
  const { companies } = options;
  const result = emptyCompanyResult(false);
  let gone: string[] = [];
  try {
    const fetched = await fetchCompanies(companies.namedButMissing(MAX_FETCHES_PER_RUN), options);
    result.fetched = fetched.written;
    gone = fetched.gone;
  } catch (error) {
    if (!isFicError(error) || error.code !== 'permission') throw error;
    result.missing = missingPermissionOf(error, 'companies are not synced (the copy keeps the ones it had)');
  }
  // A company that answers 404 is gone: the contacts' links to it go too, so it is not asked for again.
  companies.removeCompanies(gone);
  result.removed = gone.length;
  return result;
}

/** A run's result before it has done anything. */
function emptyCompanyResult(relisted: boolean): CompanySyncResult {
  return {
    relisted,
    listed: 0,
    fetched: 0,
    confirmed: 0,
    removed: 0,
    complete: false,
    missing: null,
    unavailable: false,
  };
}

/** GET /companies/{id} for each id, writing what it finds; the ids that answered 404. */
async function fetchCompanies(
  ids: readonly string[],
  options: CompanySyncOptions,
): Promise<{ written: number; gone: string[] }> {
  const gone: string[] = [];
  let written = 0;
  for (const id of ids) {
    try {
      const answer = await options.client.getCompany(id, { signal: options.signal });
      options.companies.writeCompanies([
        { rows: companyRows(answer.value, options.nowSeconds()), rawJson: answer.rawJson },
      ]);
      written += 1;
    } catch (error) {
      if (!isFicError(error) || error.code !== 'not_found') throw error;
      gone.push(id);
    }
  }
  return { written, gone };
}
