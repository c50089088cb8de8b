import type { Insertable } from 'kysely';
import type { CompaniesTable, CompanyTagsTable } from '../db/database-schema.js';
import { FicError } from '../errors.js';
import { companySchema } from '../intercom/company-schemas.js';
import type { Company } from '../intercom/company-schemas.js';
import { parseIntercomResponse } from '../intercom/parse-response.js';

/** Every row one company is stored as. */
export interface CompanyRows {
  company: Insertable<CompaniesTable>;
  tags: Insertable<CompanyTagsTable>[];
}

/**
 * The rows of one company from the stored JSON text of its company object: the deriver `fic rebuild`
 * runs over raw payloads and the one the sync runs. Throws FicError('malformed_response') for text that
 * is not a company.
 */
export function companyRowsFromPayload(json: string, syncedAt: number): CompanyRows {
  let body: unknown;
  try {
    body = JSON.parse(json) as unknown;
  } catch (error) {
    throw new FicError('malformed_response', 'A stored company payload is not valid JSON.', { cause: error });
  }
  return companyRows(
    parseIntercomResponse(companySchema, body, { endpoint: 'GET /companies', noun: 'a company' }),
    syncedAt,
  );
}

export function companyRows(company: Company, syncedAt: number): CompanyRows {
  const tags = new Map<string, Insertable<CompanyTagsTable>>();
  for (const tag of company.tags?.tags ?? []) {
    tags.set(tag.id, { company_id: company.id, tag_id: tag.id, name: tag.name });
  }
  return {
    company: {
      id: company.id,
      company_id: company.company_id ?? null,
      name: company.name ?? null,
      plan_id: company.plan?.id ?? null,
      plan_name: company.plan?.name ?? null,
      size: company.size ?? null,
      website: company.website ?? null,
      industry: company.industry ?? null,
      monthly_spend: company.monthly_spend ?? null,
      session_count: company.session_count ?? null,
      user_count: company.user_count ?? null,
      remote_created_at: company.remote_created_at ?? null,
      created_at: company.created_at ?? null,
      updated_at: company.updated_at ?? null,
      last_request_at: company.last_request_at ?? null,
      custom_attributes: JSON.stringify(company.custom_attributes ?? {}),
      synced_at: syncedAt,
    },
    tags: [...tags.values()],
  };
}
