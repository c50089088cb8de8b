import type { FicDatabase } from '../db/open-database.js';
import { assertNotEmpty } from './database-emptiness.js';
import { isoTimeOrNull, parseLimit, requireText } from './query-input.js';
import { all } from './statement-cache.js';
import { hasTicketTables } from './ticket-record.js';

export const CONTACT_SEARCH_DEFAULT_LIMIT = 10;
export const CONTACT_SEARCH_MAX_LIMIT = 50;

export interface SearchContactsInput {
  /** Part of a name, an email (or its domain) or a company name; case-insensitive. */
  query: string;
  limit?: number;
}

export interface ContactSearchHit {
  id: string;
  name: string | null;
  email: string | null;
  /** user | lead */
  role: string | null;
  companies: string[];
  /** Which of the contact's fields matched: email, name, company (best first). */
  matchedOn: 'email' | 'name' | 'company';
  conversationCount: number;
  /** Null on a copy without tickets (synced by an older fic). */
  ticketCount: number | null;
  lastConversationAt: string | null;
  /** The contact was deleted or merged in Intercom since it was synced. */
  gone: boolean;
}

export interface SearchContactsResult {
  contacts: ContactSearchHit[];
  /** More contacts matched than `limit`. */
  more: boolean;
}

interface HitRow {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  companies: string | null;
  matched_on: number;
  conversation_count: number;
  ticket_count: number | null;
  last_conversation_at: number | null;
  gone_at: number | null;
}

/** matched_on codes, in rank order: an exact email beats a partial one, a name beats a company. */
const MATCHED_ON = ['email', 'email', 'name', 'company'] as const;

/**
 * Contacts whose email, name or company name holds the words, best match first (exact email, then
 * email, name, company), then the most conversations. The LIKE scan reads the contacts table once
 * (an index cannot serve "contains"); the counts use the contact indexes of conversations and tickets.
 */
export function searchContacts(database: FicDatabase, input: SearchContactsInput): SearchContactsResult {
  const query = requireText(input.query, 'query').trim();
  const limit = parseLimit(input.limit, 'limit', CONTACT_SEARCH_DEFAULT_LIMIT, CONTACT_SEARCH_MAX_LIMIT);
  assertNotEmpty(database);
  const tickets = hasTicketTables(database);
  const pattern = `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const companyMatch = tickets
    ? `UNION ALL
       SELECT cc.contact_id, 3 FROM companies co JOIN contact_companies cc ON cc.company_id = co.id
        WHERE co.name LIKE :pattern ESCAPE '\\'`
    : '';
  const companies = tickets
    ? `(SELECT group_concat(coalesce(co.name, co.id), char(31)) FROM contact_companies cc
          JOIN companies co ON co.id = cc.company_id WHERE cc.contact_id = c.id)`
    : 'NULL';
  const ticketCount = tickets
    ? '(SELECT count(*) FROM ticket_contacts tc WHERE tc.contact_id = c.id)'
    : 'NULL';
  const rows = all<HitRow>(
    database,
    `WITH matched AS (
       SELECT id, CASE WHEN email = :query COLLATE NOCASE THEN 0 WHEN email LIKE :pattern ESCAPE '\\' THEN 1 ELSE 2 END AS rank
         FROM contacts WHERE email LIKE :pattern ESCAPE '\\' OR name LIKE :pattern ESCAPE '\\'
       ${companyMatch}
     ), best AS (SELECT id, min(rank) AS rank FROM matched GROUP BY id)
     SELECT c.id, c.name, c.email, c.role, c.gone_at, best.rank AS matched_on,
            (SELECT count(*) FROM conversation_contacts x WHERE x.contact_id = c.id) AS conversation_count,
            ${ticketCount} AS ticket_count,
            (SELECT max(cv.updated_at) FROM conversations cv WHERE cv.contact_id = c.id) AS last_conversation_at,
            ${companies} AS companies
       FROM best JOIN contacts c ON c.id = best.id
      ORDER BY best.rank, conversation_count DESC, c.name IS NULL, c.name COLLATE NOCASE, c.id
      LIMIT :take`,
    [{ query, pattern, take: limit + 1 }],
  );
  return {
    contacts: rows.slice(0, limit).map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      companies: row.companies === null ? [] : row.companies.split('\u001f').sort(),
      matchedOn: MATCHED_ON[row.matched_on] ?? 'name',
      conversationCount: row.conversation_count,
      ticketCount: row.ticket_count,
      lastConversationAt: isoTimeOrNull(row.last_conversation_at),
      gone: row.gone_at !== null,
    })),
    more: rows.length > limit,
  };
}
