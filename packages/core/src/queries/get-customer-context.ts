import { FicError } from '../errors.js';
import type { ContactsTable } from '../db/database-schema.js';
import type { FicDatabase } from '../db/open-database.js';
import { CONVERSATION_METRICS_COLUMNS, conversationMetrics } from './conversation-metrics.js';
import type { ConversationMetricsRow } from './conversation-metrics.js';
import { subjectOf } from './conversation-record.js';
import { assertNotEmpty } from './database-emptiness.js';
import { average, median } from './descriptive-statistics.js';
import { all, one, placeholders } from './statement-cache.js';
import {
  isoTime,
  isoTimeOrNull,
  optionalText,
  parseLimit,
  resolveNow,
  resolvePeriod,
} from './query-input.js';
import type { CustomerContextResult, CustomerProfile, GetCustomerContextInput } from './query-types.js';
import { recurringTopics } from './recurring-topics.js';
import { ticketsOfContacts } from './ticket-record.js';

export const CUSTOMER_DEFAULT_DAYS = 30;
export const CUSTOMER_DEFAULT_LIMIT = 20;
export const CUSTOMER_MAX_LIMIT = 100;
/** Conversations of one customer read for the window's statistics; beyond it the oldest are left out. */
const MAX_WINDOW_CONVERSATIONS = 1000;

type WindowRow = ConversationMetricsRow & {
  title: string | null;
  source_subject: string | null;
  source_body_text: string | null;
  updated_at: number;
};

/** A customer's profile and their conversations with activity in a window (default the last 30 days). */
export function getCustomerContext(
  database: FicDatabase,
  input: GetCustomerContextInput,
): CustomerContextResult {
  const now = resolveNow(input.now);
  const email = optionalText(input.email, 'email');
  const contactId = optionalText(input.contactId, 'contactId');
  if ((email === undefined) === (contactId === undefined)) {
    throw new FicError('invalid_input', 'Give exactly one of email or contactId', {
      details: { field: 'email' },
    });
  }
  const { since, until } = resolvePeriod(input, now, CUSTOMER_DEFAULT_DAYS);
  const limit = parseLimit(input.limit, 'limit', CUSTOMER_DEFAULT_LIMIT, CUSTOMER_MAX_LIMIT);
  assertNotEmpty(database);

  const contacts = findContacts(database, email, contactId);
  const ids = contacts.map((contact) => contact.id);
  const inContacts = `c.id IN (SELECT conversation_id FROM conversation_contacts WHERE contact_id IN (${placeholders(ids.length)}))`;
  const rows = all<WindowRow>(
    database,
    `SELECT ${CONVERSATION_METRICS_COLUMNS}, c.title, c.source_subject, c.source_body_text, c.updated_at
       FROM conversations c
      WHERE ${inContacts} AND c.updated_at >= ? AND c.updated_at < ?
      ORDER BY c.updated_at DESC, c.row_id DESC LIMIT ${MAX_WINDOW_CONVERSATIONS}`,
    [...ids, since, until],
  );
  const tagRows = all<{ conversation_id: string; name: string }>(
    database,
    `SELECT ctg.conversation_id, coalesce(t.name, ctg.tag_id) AS name
       FROM conversation_tags ctg LEFT JOIN tags t ON t.id = ctg.tag_id
      WHERE ctg.conversation_id IN (SELECT c.id FROM conversations c
                                     WHERE ${inContacts} AND c.updated_at >= ? AND c.updated_at < ?)
      ORDER BY name`,
    [...ids, since, until],
  );
  const tagsOf = new Map<string, string[]>();
  for (const tag of tagRows)
    tagsOf.set(tag.conversation_id, [...(tagsOf.get(tag.conversation_id) ?? []), tag.name]);

  const measured = rows.map((row) => ({ row, metrics: conversationMetrics(row) }));
  const firstResponses = measured.flatMap(({ metrics }) =>
    metrics.firstResponseSeconds === null ? [] : [metrics.firstResponseSeconds],
  );
  const ratings = rows.flatMap((row) => (row.rating_value === null ? [] : [row.rating_value]));
  const allTime = one<{ count: number }>(
    database,
    `SELECT count(DISTINCT conversation_id) AS count FROM conversation_contacts WHERE contact_id IN (${placeholders(ids.length)})`,
    ids,
  );

  return {
    profile: toProfile(contacts[0]!),
    otherContactIds: ids.slice(1),
    window: { since: isoTime(since), until: isoTime(until) },
    conversations: measured.slice(0, limit).map(({ row, metrics }) => ({
      id: row.id,
      subject: subjectOf(row),
      state: row.state,
      createdAt: isoTime(row.created_at),
      updatedAt: isoTime(row.updated_at),
      firstResponseSeconds: metrics.firstResponseSeconds,
      rating: row.rating_value,
      tags: tagsOf.get(row.id) ?? [],
    })),
    conversationCount: rows.length,
    openCount: rows.filter((row) => row.state === 'open').length,
    allTimeConversationCount: allTime?.count ?? 0,
    firstResponse: {
      count: firstResponses.length,
      medianSeconds: median(firstResponses),
      averageSeconds: average(firstResponses, 0),
    },
    ratings: { count: ratings.length, average: average(ratings) },
    tickets: ticketsOfContacts(database, ids, limit),
    recurringTopics: recurringTopics(
      rows.map((row) => ({
        tags: tagsOf.get(row.id) ?? [],
        text: [row.title, row.source_subject, row.source_body_text]
          .filter((part) => part !== null)
          .join('\n'),
      })),
    ),
  };
}

type ContactRecord = Pick<
  ContactsTable,
  | 'id'
  | 'role'
  | 'email'
  | 'name'
  | 'phone'
  | 'external_id'
  | 'created_at'
  | 'signed_up_at'
  | 'last_seen_at'
  | 'location_country'
  | 'location_city'
  | 'fetched'
>;

/** Every contact with the email (fully fetched and most recently updated first), or the one id. */
function findContacts(
  database: FicDatabase,
  email: string | undefined,
  contactId: string | undefined,
): ContactRecord[] {
  const columns = `id, role, email, name, phone, external_id, created_at, signed_up_at, last_seen_at,
                   location_country, location_city, fetched`;
  if (email !== undefined) {
    const rows = all<ContactRecord>(
      database,
      `SELECT ${columns} FROM contacts WHERE email = ? COLLATE NOCASE
        ORDER BY fetched DESC, coalesce(updated_at, 0) DESC, id`,
      [email],
    );
    if (rows.length === 0) {
      throw new FicError(
        'not_found',
        `No customer with email ${email} in the local database: check the address, or run fic sync`,
        {
          details: { email },
        },
      );
    }
    return rows;
  }
  const row = one<ContactRecord>(database, `SELECT ${columns} FROM contacts WHERE id = ?`, [contactId]);
  if (row !== undefined) return [row];
  // A contact seen on conversations but never stored as a row still has a history.
  if (
    one(database, 'SELECT 1 AS found FROM conversation_contacts WHERE contact_id = ? LIMIT 1', [
      contactId,
    ]) !== undefined
  ) {
    return [
      {
        id: contactId!,
        role: null,
        email: null,
        name: null,
        phone: null,
        external_id: null,
        created_at: null,
        signed_up_at: null,
        last_seen_at: null,
        location_country: null,
        location_city: null,
        fetched: 0,
      },
    ];
  }
  throw new FicError(
    'not_found',
    `No contact ${contactId} in the local database: check the id, or run fic sync`,
    {
      details: { contactId },
    },
  );
}

function toProfile(contact: ContactRecord): CustomerProfile {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    role: contact.role,
    phone: contact.phone,
    externalId: contact.external_id,
    createdAt: isoTimeOrNull(contact.created_at),
    signedUpAt: isoTimeOrNull(contact.signed_up_at),
    lastSeenAt: isoTimeOrNull(contact.last_seen_at),
    country: contact.location_country,
    city: contact.location_city,
    complete: contact.fetched === 1,
  };
}
