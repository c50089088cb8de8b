import { FicError } from '../errors.js';
import type { FicDatabase } from '../db/open-database.js';
import { listTickets, ticketFilterSql, TICKETS_MAX_LIMIT } from './list-tickets.js';
import { decodeCursor, encodeCursor } from './query-cursor.js';
import { parseLimit } from './query-input.js';
import {
  BudgetExceeded,
  budgetCheck,
  SearchBudget,
  SEARCH_TIME_BUDGET_MS,
  withinBudget,
} from './search-budget.js';
import { planSearchMatch } from './search-match-plan.js';
import { describeSearch } from './search-note.js';
import { parseSearchQuery } from './search-query.js';
import { all } from './statement-cache.js';
import type { SearchTicketsInput, SearchTicketsResult, TicketHit } from './ticket-query-types.js';
import {
  requireTicketTables,
  TICKET_SUMMARY_COLUMNS,
  TICKET_SUMMARY_FROM,
  ticketSummary,
} from './ticket-record.js';
import type { TicketSummaryRow } from './ticket-record.js';

export const SEARCH_TICKETS_DEFAULT_LIMIT = 10;

/** Subject (title) matches weigh twice body matches, as in conversation search. */
const SCORE = 'bm25(tickets_fts, 2.0, 1.0)';
const SNIPPET = `snippet(tickets_fts, -1, '**', '**', '…', 16)`;

/**
 * Ticket search with the rules of conversation search (search-query.ts): the query's words ORed,
 * tickets holding every word first, then bm25 (title twice the body), newest activity among equals;
 * phrases, prefixes, exclusions and OR/AND as there. Tickets are about an eighth of the conversations
 * in a workspace, so every match is ranked (no rarest-words cut): the plan's expression ORs all the
 * words. Without a query, the newest tickets the filters keep. The same 200 ms budget bounds it.
 */
export function searchTickets(database: FicDatabase, input: SearchTicketsInput): SearchTicketsResult {
  const limit = parseLimit(input.limit, 'limit', SEARCH_TICKETS_DEFAULT_LIMIT, TICKETS_MAX_LIMIT);
  requireTicketTables(database);
  if (input.query === undefined || input.query === null || input.query.trim() === '') {
    if (input.cursor !== undefined) {
      throw new FicError('invalid_input', 'A cursor continues a search with a query; give the same query', {
        details: { field: 'cursor' },
      });
    }
    const listed = listTickets(database, { ...input, limit });
    return {
      hits: listed.tickets.map((ticket) => ({ ...ticket, snippet: '', allTerms: true })),
      note: `No query: the ${listed.tickets.length} most recently updated of ${listed.total} tickets that match the filters.`,
      nextCursor: null,
    };
  }
  const query = parseSearchQuery(input.query);
  const after = decodeCursor(input.cursor, [4]);
  const filters = ticketFilterSql(input);
  const budget = new SearchBudget({ ms: SEARCH_TIME_BUDGET_MS });
  try {
    return withinBudget(database, budget, () => {
      // Every clause decides the matches (no candidate cut, so no sizing against conversations_fts):
      // ticket sets are small.
      const plan = planSearchMatch(database, query, budget, Number.POSITIVE_INFINITY);
      const allTerms = plan.allTermsExpression;
      const conditions = [...filters.where];
      // In the order the statement names them: the select list's MATCH, the subquery's, the filters.
      const params: unknown[] = [...(allTerms === undefined ? [] : [allTerms]), plan.expression];
      params.push(...filters.params);
      if (after !== undefined) {
        const [tier, score, updatedAt, rowId] = after as [number, number, number, number];
        conditions.push(
          `(m.all_terms < ? OR (m.all_terms = ? AND (m.score > ? OR (m.score = ? AND
             (t.updated_at < ? OR (t.updated_at = ? AND t.row_id < ?))))))`,
        );
        params.push(tier, tier, score, score, updatedAt, updatedAt, rowId);
      }
      const holdsAll =
        allTerms === undefined
          ? '1'
          : `(rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? AND ${budgetCheck('rowid')}))`;
      const rows = all<TicketSummaryRow & { row_id: number; score: number; all_terms: number }>(
        database,
        `SELECT t.row_id, ${TICKET_SUMMARY_COLUMNS}, m.score, m.all_terms
           FROM (SELECT rowid AS row_id, ${SCORE} AS score, ${holdsAll} AS all_terms
                   FROM tickets_fts WHERE tickets_fts MATCH ? AND ${budgetCheck('rowid')}) m
          CROSS JOIN ${TICKET_SUMMARY_FROM.replace('tickets t', 'tickets t ON t.row_id = m.row_id')}
          ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
          ORDER BY m.all_terms DESC, m.score, t.updated_at DESC, t.row_id DESC
          LIMIT ?`,
        [...params, limit + 1],
      );
      const page = rows.slice(0, limit);
      const snippets = new Map(
        page.length === 0
          ? []
          : all<{ row_id: number; snippet: string }>(
              database,
              `SELECT rowid AS row_id, ${SNIPPET} AS snippet FROM tickets_fts
                WHERE tickets_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
              [plan.expression, JSON.stringify(page.map((row) => row.row_id))],
            ).map((row) => [row.row_id, row.snippet]),
      );
      const hits: TicketHit[] = page.map((row) => ({
        ...ticketSummary(row),
        snippet: snippets.get(row.row_id) ?? '',
        allTerms: row.all_terms === 1,
      }));
      const last = page.at(-1);
      return {
        hits,
        note: describeSearch({ query, plan, order: 'relevance', allTermsMatches: null, cap: 0 }),
        nextCursor:
          rows.length > limit && last !== undefined
            ? encodeCursor([last.all_terms, last.score, last.updated_at, last.row_id])
            : null,
      };
    });
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      throw new FicError(
        'invalid_input',
        `The ticket search took longer than its ${SEARCH_TIME_BUDGET_MS} ms budget and was stopped: use rarer words, a "quoted phrase", or filters (state, type, customer)`,
        { details: { field: 'query' } },
      );
    }
    throw error;
  }
}
