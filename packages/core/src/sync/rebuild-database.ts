import { ConversationRepository } from '../db/conversation-repository.js';
import type { ConversationWrite } from '../db/conversation-repository.js';
import type { FicDatabase } from '../db/open-database.js';
import { readRawPayloads } from '../db/raw-payloads.js';
import type { RawPayloadKind, StoredPayload } from '../db/raw-payloads.js';
import { contactSchema, conversationSchema } from '../intercom/intercom-schemas.js';
import { parseIntercomResponse } from '../intercom/parse-response.js';
import { mapContact } from './contact-sync.js';
import { mapConversation } from './conversation-mapper.js';
import { CompanyRepository } from '../db/company-repository.js';
import { TicketRepository } from '../db/ticket-repository.js';
import { companyRowsFromPayload } from './company-mapper.js';
import { ticketRowsFromPayload } from './ticket-mapper.js';
import { sqliteOf } from '../db/open-database.js';
import { refreshAllPerformanceRollups } from '../db/performance-rollups.js';

/**
 * Rewrites the rows of a batch of stored payloads of one kind (as a sync would write them, replacing
 * what was stored). rebuildDatabase runs it inside the batch's transaction. Tickets and companies plug
 * theirs are built in too; `RebuildOptions.derivers` replaces any.
 */
export type PayloadDeriver = (database: FicDatabase, payloads: readonly StoredPayload[]) => void;

export interface RebuildProgress {
  kind: RawPayloadKind;
  /** Payloads of this kind rebuilt so far. */
  done: number;
  total: number;
}

export interface RebuildOptions {
  /** Payloads per transaction. Default 200. */
  batchSize?: number;
  /** Derivers by kind, added to (or replacing) the built-in conversation and contact ones. */
  derivers?: Partial<Record<RawPayloadKind, PayloadDeriver>>;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  /** Payloads re-derived, by kind. */
  rebuilt: Partial<Record<RawPayloadKind, number>>;
  /**
   * Stored rows with no payload to re-derive them from (synced by a fic from before raw payloads): kept
   * as they are; `fic sync --full` refetches them and stores their payloads.
   */
  withoutPayload: { conversations: number; contacts: number };
}

/**
 * Re-derives every table from the stored raw payloads (what a sync would have written had it fetched
 * them now, without a request): conversations with their parts, contacts, tags, links, attachments, the
 * new field columns and the search index; contacts with their tags and companies. Each batch is one
 * transaction and writing a payload twice leaves the same rows, so an interrupted rebuild is resumed by
 * running it again. Contacts go after conversations: a conversation's stub never overwrites a fetched
 * contact, but the order keeps a rebuilt contact the last word either way.
 */
export function rebuildDatabase(database: FicDatabase, options: RebuildOptions = {}): RebuildResult {
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const repository = new ConversationRepository(database);
  const tickets = new TicketRepository(database, { now: () => Math.floor(Date.now() / 1000) });
  const companies = new CompanyRepository(database);
  const derivers: Partial<Record<RawPayloadKind, PayloadDeriver>> = {
    conversation: (_database, payloads) => {
      repository.writePage({ conversations: payloads.map(conversationWrite) });
    },
    contact: (_database, payloads) => {
      repository.upsertContacts(
        payloads.map((payload) =>
          mapContact(parse(contactSchema, payload, 'a contact'), payload.fetchedAt, false),
        ),
      );
    },
    ticket: (_database, payloads) => {
      for (const payload of payloads)
        tickets.replaceTicket(ticketRowsFromPayload(payload.json, payload.fetchedAt));
    },
    company: (_database, payloads) => {
      for (const payload of payloads) {
        companies.replaceCompany(companyRowsFromPayload(payload.json, payload.fetchedAt));
      }
    },
    ...options.derivers,
  };
  const rebuilt: RebuildResult['rebuilt'] = {};
  // One transaction per batch whatever the deriver does (a repository write inside nests as a savepoint).
  const inTransaction = sqliteOf(database).transaction(
    (derive: PayloadDeriver, batch: readonly StoredPayload[]) => derive(database, batch),
  );
  for (const kind of ['conversation', 'contact', 'company', 'ticket'] as const) {
    const derive = derivers[kind];
    if (derive === undefined) continue;
    const total = payloadCount(database, kind);
    let done = 0;
    let after: string | null = null;
    for (;;) {
      const batch = readRawPayloads(database, kind, after, batchSize);
      if (batch.length === 0) break;
      inTransaction.immediate(derive, batch);
      done += batch.length;
      after = batch[batch.length - 1]!.id;
      options.onProgress?.({ kind, done, total });
    }
    rebuilt[kind] = done;
  }
  // Rebuilt conversations marked their days stale (only those whose metrics changed): recomputed once.
  refreshAllPerformanceRollups(database);
  // The search index as FTS5 builds it from the documents, merged into as few segments as it can:
  // the same documents in fewer, smaller b-trees.
  sqliteOf(database).exec(`INSERT INTO conversations_fts (conversations_fts) VALUES ('optimize')`);
  sqliteOf(database).exec(`INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize')`);
  return { rebuilt, withoutPayload: rowsWithoutPayload(database) };
}

/** Stored conversations and fetched contacts that have no raw payload (cheap: two anti-joins). */
export function rowsWithoutPayload(database: FicDatabase): RebuildResult['withoutPayload'] {
  return sqliteOf(database)
    .prepare(
      `SELECT
         (SELECT count(*) FROM conversations c WHERE NOT EXISTS
            (SELECT 1 FROM raw_payloads r WHERE r.kind = 'conversation' AND r.id = c.id)) AS conversations,
         (SELECT count(*) FROM contacts c WHERE c.fetched = 1 AND NOT EXISTS
            (SELECT 1 FROM raw_payloads r WHERE r.kind = 'contact' AND r.id = c.id)) AS contacts`,
    )
    .get() as RebuildResult['withoutPayload'];
}

function payloadCount(database: FicDatabase, kind: RawPayloadKind): number {
  return sqliteOf(database)
    .prepare('SELECT count(*) FROM raw_payloads WHERE kind = ?')
    .pluck()
    .get(kind) as number;
}

/**
 * The write a sync made of this payload: the response parsed as the client parses it (ids as strings,
 * 0 assignees as none), with the parts the copy kept from earlier fetches put back before the window.
 */
function conversationWrite(payload: StoredPayload): ConversationWrite {
  const body = JSON.parse(payload.json) as { conversation_parts?: { conversation_parts?: unknown[] } };
  if (payload.keptParts !== null && body.conversation_parts !== undefined) {
    const kept = JSON.parse(payload.keptParts) as unknown[];
    body.conversation_parts.conversation_parts = [
      ...kept,
      ...(body.conversation_parts.conversation_parts ?? []),
    ];
  }
  const conversation = parseIntercomResponse(conversationSchema, body, {
    endpoint: `raw payload of conversation ${payload.id}`,
    noun: 'a conversation',
  });
  return mapConversation(conversation, payload.fetchedAt);
}

function parse<S extends typeof contactSchema>(schema: S, payload: StoredPayload, noun: string) {
  return parseIntercomResponse(schema, JSON.parse(payload.json) as unknown, {
    endpoint: `raw payload of ${payload.kind} ${payload.id}`,
    noun,
  });
}
