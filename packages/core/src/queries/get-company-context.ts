import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { parseObject } from './get-ticket.js';
import { getTeamPerformance } from './get-team-performance.js';
import { isoTime, isoTimeOrNull, parseLimit, requireText } from './query-input.js';
import type { PersonRef } from './query-types.js';
import { all, one } from './statement-cache.js';
import type {
  CompanyContextResult,
  CompanyConversationRef,
  CompanyProfile,
  GetCompanyContextInput,
} from './ticket-query-types.js';
import { TICKET_SUMMARY_COLUMNS, TICKET_SUMMARY_FROM, ticketSummary } from './ticket-record.js';
import { requireTicketTables } from './ticket-record.js';
import type { TicketSummaryRow } from './ticket-record.js';

export const COMPANY_DEFAULT_LIMIT = 20;
export const COMPANY_MAX_LIMIT = 100;

interface CompanyRow {
  id: string;
  company_id: string | null;
  name: string | null;
  plan_name: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number | null;
  session_count: number | null;
  user_count: number | null;
  created_at: number | null;
  remote_created_at: number | null;
  last_request_at: number | null;
  custom_attributes: string;
}

/** Contacts of the company: the links contacts' payloads give (contact_companies). */
const COMPANY_CONTACTS = 'SELECT contact_id FROM contact_companies WHERE company_id = ?';

/**
 * A company and what the copy holds around it: profile and custom attributes, its contacts, their most
 * recent conversations and tickets, and the team metrics over its conversations (getTeamPerformance
 * restricted to the company). `company` is Intercom's id, the workspace's company_id, or the name.
 */
export function getCompanyContext(
  database: FicDatabase,
  input: GetCompanyContextInput,
): CompanyContextResult {
  const wanted = requireText(input.company, 'company');
  const limit = parseLimit(input.limit, 'limit', COMPANY_DEFAULT_LIMIT, COMPANY_MAX_LIMIT);
  requireTicketTables(database);
  const row = findCompany(database, wanted);
  const tags = all<{ name: string }>(
    database,
    `SELECT coalesce(ct.name, t.name, ct.tag_id) AS name FROM company_tags ct LEFT JOIN tags t ON t.id = ct.tag_id
      WHERE ct.company_id = ? ORDER BY name`,
    [row.id],
  ).map((tag) => tag.name);
  const company: CompanyProfile = {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    plan: row.plan_name,
    size: row.size,
    website: row.website,
    industry: row.industry,
    monthlySpend: row.monthly_spend,
    sessionCount: row.session_count,
    userCount: row.user_count,
    createdAt: isoTimeOrNull(row.remote_created_at ?? row.created_at),
    lastRequestAt: isoTimeOrNull(row.last_request_at),
    customAttributes: parseObject(row.custom_attributes),
    tags,
  };
  const contacts = all<PersonRef>(
    database,
    `SELECT cc.contact_id AS id, c.name, c.email FROM contact_companies cc
       LEFT JOIN contacts c ON c.id = cc.contact_id
      WHERE cc.company_id = ? ORDER BY c.name IS NULL, c.name, cc.contact_id LIMIT ?`,
    [row.id, limit],
  );
  const contactCount =
    one<{ count: number }>(database, `SELECT count(*) AS count FROM contact_companies WHERE company_id = ?`, [
      row.id,
    ])?.count ?? 0;
  const conversations = all<{
    id: string;
    title: string | null;
    source_subject: string | null;
    state: string;
    contact_id: string | null;
    contact_name: string | null;
    contact_email: string | null;
    updated_at: number;
  }>(
    database,
    `SELECT c.id, c.title, c.source_subject, c.state, c.contact_id, ct.name AS contact_name,
            ct.email AS contact_email, c.updated_at
       FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id
      WHERE c.contact_id IN (${COMPANY_CONTACTS})
      ORDER BY c.updated_at DESC, c.row_id DESC LIMIT ?`,
    [row.id, limit],
  );
  const recentConversations: CompanyConversationRef[] = conversations.map((conversation) => ({
    id: conversation.id,
    title: conversation.title ?? conversation.source_subject,
    state: conversation.state,
    customer:
      conversation.contact_id === null
        ? null
        : { id: conversation.contact_id, name: conversation.contact_name, email: conversation.contact_email },
    updatedAt: isoTime(conversation.updated_at),
  }));
  const tickets = all<TicketSummaryRow>(
    database,
    `SELECT ${TICKET_SUMMARY_COLUMNS} FROM ${TICKET_SUMMARY_FROM}
      WHERE t.id IN (SELECT ticket_id FROM ticket_contacts WHERE contact_id IN (${COMPANY_CONTACTS}))
      ORDER BY t.updated_at DESC, t.row_id DESC LIMIT ?`,
    [row.id, limit],
  );
  return {
    company,
    contacts,
    contactCount,
    recentConversations,
    recentTickets: tickets.map(ticketSummary),
    teamPerformance: getTeamPerformance(
      database,
      { since: input.since, until: input.until, now: input.now },
      { companyId: row.id },
    ),
  };
}

function findCompany(database: FicDatabase, wanted: string): CompanyRow {
  const columns = `id, company_id, name, plan_name, size, website, industry, monthly_spend, session_count,
    user_count, created_at, remote_created_at, last_request_at, custom_attributes`;
  const exact = one<CompanyRow>(
    database,
    `SELECT ${columns} FROM companies WHERE id = ? OR company_id = ? ORDER BY id = ? DESC LIMIT 1`,
    [wanted, wanted, wanted],
  );
  if (exact !== undefined) return exact;
  const named = all<CompanyRow>(
    database,
    `SELECT ${columns} FROM companies WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 6`,
    [wanted],
  );
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new FicError(
      'invalid_input',
      `${named.length > 5 ? 'More than 5' : named.length} companies are named "${wanted}": give one of their ids (${named
        .slice(0, 5)
        .map((company) => company.id)
        .join(', ')}).`,
      { details: { field: 'company' } },
    );
  }
  throw new FicError(
    'not_found',
    `No company "${wanted}" in the local copy: run fic sync, or check the name or id.`,
    {
      details: { company: wanted },
    },
  );
}
