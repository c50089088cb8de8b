import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';

export type RawPayloadKind = 'conversation' | 'contact' | 'company' | 'ticket';

/** One object as the API returned it. */
export interface RawPayload {
  kind: RawPayloadKind;
  id: string;
  /** The response body exactly as the API returned it (a list's element: that object's JSON). */
  json: string;
  /** When it was fetched (Unix seconds): the rows' synced_at, which `fic rebuild` derives from it. */
  fetchedAt?: number;
}

/** A payload ready to store: its body already compressed (compressPayload), as a sync holds it. */
export interface EncodedPayload {
  kind: RawPayloadKind;
  id: string;
  fetchedAt: number;
  /** How `body` (and `keptParts`) are compressed: PayloadCodec's encodings. */
  encoding: number;
  body: Uint8Array;
  /** Conversations: the parts kept from earlier fetches that fell out of the API's window (JSON list). */
  keptParts?: Uint8Array | null;
}

/** A stored payload, decompressed, as `fic rebuild` reads it. */
export interface StoredPayload {
  kind: RawPayloadKind;
  id: string;
  fetchedAt: number;
  json: string;
  /** JSON list of kept parts, or null. */
  keptParts: string | null;
}

/**
 * Encoding 1: raw deflate, level 6, with a preset dictionary of the keys and common values of
 * Intercom's objects. Measured on 2,000 realistic fake conversations (7.4 KB of JSON each):
 * deflate 6 alone 0.268 of the JSON, with this kind of dictionary 0.157; brotli 1..5 0.298..0.248 (node
 * has no brotli dictionary) at similar or higher CPU. 0.2 ms a conversation is small beside its fetch.
 * The dictionary must never change once stored data uses it: a new one is a new encoding number.
 */
const ENCODING_DEFLATE_DICTIONARY_1 = 1;
const LEVEL = 6;

/**
 * Deflate's window is 32 KB and it looks back from the end of the dictionary, so the most frequent
 * strings come last. Built from the shapes of Intercom 2.16 (conversation, conversation part, contact,
 * company, ticket) with their values left out.
 */
const DICTIONARY = Buffer.from(
  [
    '{"type":"company","company_id":"","id":"","name":"","plan":{},"remote_created_at":,"created_at":,"updated_at":,"last_request_at":,"size":,"website":"","industry":"","monthly_spend":,"session_count":,"user_count":,"custom_attributes":{},"tags":{"type":"tag.list","tags":[]},"segments":{"type":"segment.list","segments":[]}}',
    '{"type":"ticket","id":"","ticket_id":"","ticket_attributes":{"_default_title_":"","_default_description_":""},"ticket_state":{"type":"ticket_state","id":"","category":"submitted","internal_label":"","external_label":""},"ticket_type":{"type":"ticket_type","id":"","name":"","description":"","icon":"","workspace_id":"","archived":false,"category":"Customer"},"open":true,"is_shared":false,"snoozed_until":null,"ticket_parts":{"type":"ticket_part.list","ticket_parts":[],"total_count":}}',
    '{"type":"contact","id":"","workspace_id":"","external_id":"","role":"user","email":"","email_domain":"","phone":null,"formatted_phone":null,"name":"","owner_id":null,"has_hard_bounced":false,"marked_email_as_spam":false,"unsubscribed_from_emails":false,"created_at":,"updated_at":,"signed_up_at":,"last_seen_at":,"last_replied_at":,"last_contacted_at":,"last_email_opened_at":null,"last_email_clicked_at":null,"language_override":null,"browser":"chrome","browser_version":"","browser_language":"en","os":"","android_app_name":null,"android_app_version":null,"android_device":null,"android_os_version":null,"android_sdk_version":null,"android_last_seen_at":null,"ios_app_name":null,"ios_app_version":null,"ios_device":null,"ios_os_version":null,"ios_sdk_version":null,"ios_last_seen_at":null,"custom_attributes":{},"avatar":null,"tags":{"type":"list","data":[],"url":"/contacts//tags","total_count":0,"has_more":false},"notes":{"type":"list","data":[],"url":"/contacts//notes","total_count":0,"has_more":false},"companies":{"type":"list","data":[{"type":"company","id":"","url":"/companies/"}],"url":"/contacts//companies","total_count":0,"has_more":false},"location":{"type":"location","country":"","region":"","city":"","country_code":"","continent_code":""},"social_profiles":{"type":"list","data":[]},"utm_campaign":null,"utm_content":null,"utm_medium":null,"utm_source":null,"utm_term":null,"referrer":null}',
    '"ai_agent_participated":false,"ai_agent":{"source_type":"workflow","source_title":"","last_answer_type":"ai_answer","resolution_state":"assumed_resolution","rating":,"rating_remark":"","content_sources":{"type":"content_source.list","total_count":0,"content_sources":[{"url":"","title":"","locale":"en","content_type":"article"}]}},',
    '"sla_applied":{"type":"conversation_sla_summary","sla_name":"","sla_status":"missed"},"linked_objects":{"type":"list","total_count":0,"has_more":false,"data":[{"type":"ticket","id":"","category":"Customer"}]},"channel":{"initial":"messenger","current":"messenger"},"custom_attributes":{"CX Score rating":,"CX Score explanation":"","Topics":[]},',
    '{"type":"conversation","id":"","created_at":,"updated_at":,"waiting_since":null,"snoozed_until":null,"source":{"type":"conversation","id":"","delivered_as":"customer_initiated","subject":"","body":"<p></p>","author":{"type":"user","id":"","name":"","email":""},"attachments":[],"url":null,"redacted":false},"contacts":{"type":"contact.list","contacts":[{"type":"contact","id":"","external_id":""}]},"first_contact_reply":{"created_at":,"type":"conversation","url":null},"admin_assignee_id":null,"team_assignee_id":null,"open":true,"state":"open","read":true,"tags":{"type":"tag.list","tags":[]},"priority":"not_priority","sla_applied":null,"statistics":{"type":"conversation_statistics","time_to_assignment":,"time_to_admin_reply":,"time_to_first_close":,"time_to_last_close":,"median_time_to_reply":,"first_contact_reply_at":,"first_assignment_at":,"first_admin_reply_at":,"first_close_at":,"last_assignment_at":,"last_assignment_admin_reply_at":,"last_contact_reply_at":,"last_admin_reply_at":,"last_close_at":,"last_closed_by_id":"","count_reopens":0,"count_assignments":1,"count_conversation_parts":},"conversation_rating":null,"teammates":{"type":"admin.list","admins":[{"type":"admin","id":""}]},"title":null,"custom_attributes":{},"topics":{},"ticket":null,"linked_objects":{"type":"list","data":[],"total_count":0,"has_more":false},"ai_agent_participated":false,"conversation_parts":{"type":"conversation_part.list","conversation_parts":[',
    '{"type":"conversation_part","id":"","part_type":"assignment","body":null,"created_at":,"updated_at":,"notified_at":,"assigned_to":{"type":"team","id":""},"author":{"id":"","type":"bot","name":"","email":""},"attachments":[],"external_id":null,"redacted":false}',
    '{"type":"conversation_part","id":"","part_type":"close","body":null,"created_at":,"updated_at":,"notified_at":,"assigned_to":null,"author":{"id":"","type":"admin","name":"","email":""},"attachments":[],"external_id":null,"redacted":false}',
    '{"type":"conversation_part","id":"","part_type":"note","body":"<p></p>","created_at":,"updated_at":,"notified_at":,"assigned_to":null,"author":{"id":"","type":"admin","name":"","email":""},"attachments":[{"type":"upload","name":"","url":"","content_type":"image/png","filesize":,"width":,"height":}],"external_id":null,"redacted":false,"metadata":{},"tags":[]}',
    '{"type":"conversation_part","id":"","part_type":"comment","body":"<p></p>","created_at":,"updated_at":,"notified_at":,"assigned_to":null,"author":{"id":"","type":"user","name":"","email":""},"attachments":[],"external_id":null,"redacted":false}',
    '{"type":"conversation_part","id":"","part_type":"comment","body":"<p></p>","created_at":,"updated_at":,"notified_at":,"assigned_to":null,"author":{"id":"","type":"admin","name":"","email":""},"attachments":[],"external_id":null,"redacted":false}',
    '],"total_count":}}',
  ].join(''),
);

/** The stored form of a JSON text, with the built-in dictionary (encoding 1). */
export function compressPayload(json: string): Uint8Array {
  return zlib.deflateRawSync(json, { level: LEVEL, dictionary: DICTIONARY });
}

/** The JSON text of a body stored with the built-in dictionary; other encodings need the database's codec. */
export function decompressPayload(
  body: Uint8Array,
  encoding: number = ENCODING_DEFLATE_DICTIONARY_1,
): string {
  if (encoding !== ENCODING_DEFLATE_DICTIONARY_1) {
    throw new Error(`Raw payload encoding ${encoding} needs its database's dictionaries (payloadCodec)`);
  }
  return zlib.inflateRawSync(body, { dictionary: DICTIONARY }).toString('utf8');
}

/** The encoding of payloads compressed with the built-in dictionary (compressPayload). */
export const BUILT_IN_ENCODING = ENCODING_DEFLATE_DICTIONARY_1;

/** A payload's body as stored, with the encoding that reads it back. */
export interface CompressedPayload {
  encoding: number;
  body: Uint8Array;
}

/**
 * A dictionary trained on the workspace's own first payloads of a kind: TRAINING_SAMPLES of them (each
 * of at least MIN_SAMPLE_BYTES) after the built-in dictionary, the last 32 KB (deflate's window) kept.
 * The built-in one knows Intercom's keys; the samples add what repeats within one workspace: its
 * teammates' and bots' names and emails, team and admin ids, its tags, its customers' email domains, its
 * ids' prefixes. Measured on 800 realistic fake conversations (8.3 KB of JSON each; bodies of dictionary
 * samples not among them): built-in only 1,858 bytes each, trained on 2 / 3 / 4 / 10 samples 1,423 /
 * 1,398 / 1,349 / 1,352 bytes, at the same CPU (about 0.3 ms a conversation). Picking samples by size, or
 * slices of many payloads, did no better. node 20 has no zstd (node 22.15 does): deflate stays.
 */
const TRAINING_SAMPLES = 4;
const MIN_SAMPLE_BYTES = 1024;
const DEFLATE_WINDOW = 32 * 1024;

/**
 * Compresses and reads back raw payloads for one database. New payloads of a kind use the newest
 * dictionary trained for that kind, or the built-in one until TRAINING_SAMPLES payloads of the kind have
 * been seen. A dictionary is stored in its own committed statement, outside any transaction, before any
 * payload uses it (so a rolled-back page can never leave a payload whose dictionary is gone); while a
 * transaction is open, training waits for the next call outside one (`train()`).
 */
export class PayloadCodec {
  readonly #database: FicDatabase;
  readonly #dictionaries = new Map<number, Buffer>();
  /** kind -> the encoding new payloads of it get. */
  readonly #current = new Map<string, number>();
  /** Samples collected for kinds without a trained dictionary. */
  readonly #samples = new Map<string, string[]>();
  #loaded = false;

  constructor(database: FicDatabase) {
    this.#database = database;
  }

  /** Compresses a payload of `kind` (collecting it as a training sample while the kind has none). */
  compress(kind: RawPayloadKind, json: string): CompressedPayload {
    this.#load();
    if (!this.#current.has(kind)) {
      this.#collect(kind, json);
      this.train();
    }
    const encoding = this.#current.get(kind) ?? ENCODING_DEFLATE_DICTIONARY_1;
    return { encoding, body: this.compressWith(encoding, json) };
  }

  /** Compresses with a given encoding (a conversation's kept parts go with its body's). */
  compressWith(encoding: number, json: string): Uint8Array {
    return zlib.deflateRawSync(json, { level: LEVEL, dictionary: this.#dictionary(encoding) });
  }

  decompress(body: Uint8Array, encoding: number): string {
    return zlib.inflateRawSync(body, { dictionary: this.#dictionary(encoding) }).toString('utf8');
  }

  /** Stores a dictionary for each kind with enough samples, unless a transaction is open. */
  train(): void {
    const sqlite = sqliteOf(this.#database);
    if (sqlite.inTransaction || sqlite.readonly) return;
    for (const [kind, samples] of this.#samples) {
      if (samples.length < TRAINING_SAMPLES) continue;
      const dictionary = Buffer.concat([DICTIONARY, Buffer.from(samples.join(''), 'utf8')]);
      const trained = dictionary.subarray(Math.max(0, dictionary.length - DEFLATE_WINDOW));
      const encoding = sqlite
        .prepare(
          `INSERT INTO raw_payload_dictionaries (encoding, kind, created_at, dictionary)
           VALUES ((SELECT max(2, coalesce(max(encoding) + 1, 2)) FROM raw_payload_dictionaries), ?, ?, ?)
           RETURNING encoding`,
        )
        .pluck()
        .get(kind, Math.floor(Date.now() / 1000), trained) as number;
      this.#dictionaries.set(encoding, Buffer.from(trained));
      this.#current.set(kind, encoding);
      this.#samples.delete(kind);
    }
  }

  #collect(kind: string, json: string): void {
    if (json.length < MIN_SAMPLE_BYTES) return;
    const samples = this.#samples.get(kind) ?? [];
    if (samples.length < TRAINING_SAMPLES) samples.push(json);
    this.#samples.set(kind, samples);
  }

  #dictionary(encoding: number): Buffer {
    if (encoding === ENCODING_DEFLATE_DICTIONARY_1) return DICTIONARY;
    let dictionary = this.#dictionaries.get(encoding);
    if (dictionary === undefined) {
      // Trained by another process (or stored after this codec loaded): read them again, once.
      this.#loaded = false;
      this.#load();
      dictionary = this.#dictionaries.get(encoding);
    }
    if (dictionary === undefined) {
      throw new Error(
        `Raw payload encoding ${encoding} is unknown to this database (written by a newer fic?)`,
      );
    }
    return dictionary;
  }

  #load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    let rows: { encoding: number; kind: string; dictionary: Uint8Array }[];
    try {
      rows = sqliteOf(this.#database)
        .prepare('SELECT encoding, kind, dictionary FROM raw_payload_dictionaries ORDER BY encoding')
        .all() as typeof rows;
    } catch (error) {
      // A read-only open of a file from before migration 0007: only the built-in dictionary exists.
      if (error instanceof Error && /no such table/.test(error.message)) return;
      throw error;
    }
    for (const row of rows) {
      this.#dictionaries.set(row.encoding, Buffer.from(row.dictionary));
      this.#current.set(row.kind, row.encoding);
      this.#samples.delete(row.kind);
    }
  }
}

const codecs = new WeakMap<FicDatabase, PayloadCodec>();

/** The one codec of a database handle (its dictionaries are read once and shared). */
export function payloadCodec(database: FicDatabase): PayloadCodec {
  let codec = codecs.get(database);
  if (codec === undefined) {
    codec = new PayloadCodec(database);
    codecs.set(database, codec);
  }
  return codec;
}

/**
 * The statements the page writer binds (SQL built once with Kysely, like page-write-sql.ts), so raw
 * payloads are written in the same transaction as the rows derived from them.
 */
export interface RawPayloadSql {
  /** (kind, id, fetched_at, encoding, body, kept_parts) replacing what was stored. */
  readonly upsert: string;
  /** (kind, id) */
  readonly remove: string;
  /** (kind, id) -> body, encoding, kept_parts */
  readonly select: string;
}

export function rawPayloadSql(db: Kysely<Database>): RawPayloadSql {
  return Object.freeze({
    upsert: db
      .insertInto('raw_payloads')
      .values({ kind: '', id: '', fetched_at: 0, encoding: 0, body: new Uint8Array(), kept_parts: null })
      .onConflict((oc) =>
        oc.columns(['kind', 'id']).doUpdateSet((eb) => ({
          fetched_at: eb.ref('excluded.fetched_at'),
          encoding: eb.ref('excluded.encoding'),
          body: eb.ref('excluded.body'),
          kept_parts: eb.ref('excluded.kept_parts'),
        })),
      )
      .compile().sql,
    remove: db.deleteFrom('raw_payloads').where('kind', '=', '').where('id', '=', '').compile().sql,
    select: db
      .selectFrom('raw_payloads')
      .select(['body', 'encoding', 'kept_parts'])
      .where('kind', '=', '')
      .where('id', '=', '')
      .compile().sql,
  });
}

/** Values of `RawPayloadSql.upsert` for one payload. */
export function encodedPayloadValues(payload: EncodedPayload): unknown[] {
  return [
    payload.kind,
    payload.id,
    payload.fetchedAt,
    payload.encoding,
    payload.body,
    payload.keptParts ?? null,
  ];
}

/**
 * Stores payloads (compressed), replacing earlier ones of the same (kind, id). Runs inside the caller's
 * transaction (the page's), so a payload and the rows derived from it land together. `fetchedAt` is
 * Unix seconds, default now.
 */
export function writeRawPayloads(
  database: FicDatabase,
  payloads: readonly RawPayload[],
  fetchedAt: number = Math.floor(Date.now() / 1000),
): void {
  const upsert = sqliteOf(database).prepare(rawPayloadSql(database.db).upsert);
  const codec = payloadCodec(database);
  for (const payload of payloads) {
    const { encoding, body } = codec.compress(payload.kind, payload.json);
    upsert.run(
      encodedPayloadValues({
        kind: payload.kind,
        id: payload.id,
        fetchedAt: payload.fetchedAt ?? fetchedAt,
        encoding,
        body,
      }),
    );
  }
}

/** Removes the payloads of deleted objects (inside the caller's transaction). */
export function deleteRawPayloads(database: FicDatabase, kind: RawPayloadKind, ids: Iterable<string>): void {
  const remove = sqliteOf(database).prepare(rawPayloadSql(database.db).remove);
  for (const id of ids) remove.run(kind, id);
}

/**
 * Every stored payload of a kind, decompressed one at a time, in id order from `after` (exclusive), at
 * most `limit`: what `fic rebuild` reads in batches.
 */
export function readRawPayloads(
  database: FicDatabase,
  kind: RawPayloadKind,
  after: string | null,
  limit: number,
): StoredPayload[] {
  const rows = sqliteOf(database)
    .prepare(
      `SELECT id, fetched_at, encoding, body, kept_parts FROM raw_payloads
        WHERE kind = ? AND (? IS NULL OR id > ?) ORDER BY id LIMIT ?`,
    )
    .all(kind, after, after, limit) as {
    id: string;
    fetched_at: number;
    encoding: number;
    body: Uint8Array;
    kept_parts: Uint8Array | null;
  }[];
  const codec = payloadCodec(database);
  return rows.map((row) => ({
    kind,
    id: row.id,
    fetchedAt: row.fetched_at,
    json: codec.decompress(row.body, row.encoding),
    keptParts: row.kept_parts === null ? null : codec.decompress(row.kept_parts, row.encoding),
  }));
}

/** How many payloads of each kind are stored. */
export function rawPayloadCounts(database: FicDatabase): Record<string, number> {
  const rows = sqliteOf(database)
    .prepare('SELECT kind, count(*) AS n FROM raw_payloads GROUP BY kind')
    .all() as {
    kind: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((row) => [row.kind, row.n]));
}
