import { z } from 'zod';
import {
  cursorPagesSchema,
  idSchema as id,
  maybe,
  tagSchema,
  timestampSchema as timestamp,
} from './intercom-schemas.js';
import { withRawJson } from './raw-json.js';

/**
 * Companies as Intercom API 2.16 sends them (GET /companies, GET /companies/{id}), in the style of
 * intercom-schemas.ts. Only the id is required: a company is a profile, nothing is derived from it.
 */

export const companySchema = z.looseObject({
  type: maybe(z.string()),
  id,
  /** The workspace's own id for the company (set by whoever created it). */
  company_id: maybe(id),
  name: maybe(z.string()),
  app_id: maybe(z.string()),
  plan: maybe(z.looseObject({ type: maybe(z.string()), id: maybe(id), name: maybe(z.string()) })),
  remote_created_at: maybe(timestamp),
  created_at: maybe(timestamp),
  updated_at: maybe(timestamp),
  last_request_at: maybe(timestamp),
  size: maybe(z.number()),
  website: maybe(z.string()),
  industry: maybe(z.string()),
  monthly_spend: maybe(z.number()),
  session_count: maybe(z.number()),
  user_count: maybe(z.number()),
  custom_attributes: maybe(z.record(z.string(), z.unknown())),
  tags: maybe(z.looseObject({ type: maybe(z.string()), tags: maybe(z.array(tagSchema)) })),
});

/** One page of GET /companies, each company with its exact JSON (kept as the raw payload). */
export const companyListPageSchema = z.looseObject({
  type: maybe(z.string()),
  data: z.array(withRawJson(companySchema)),
  total_count: maybe(z.number()),
  pages: maybe(cursorPagesSchema),
});

export const companyWithRawJsonSchema = withRawJson(companySchema);

export type Company = z.infer<typeof companySchema>;
export type CompanyListPage = z.infer<typeof companyListPageSchema>;
