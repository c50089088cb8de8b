import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { pageWriteSql } from './page-write-sql.js';
import { BUILT_IN_ENCODING, encodedPayloadValues } from './raw-payloads.js';
import type { ContactRow } from './reference-data-repository.js';
import { contactValues } from './prepared-statements.js';

/**
 * Writes one fetched contact (fetched = 1) with what hangs off it: its tags and companies (replaced when
 * the row carries them) and its raw payload. Runs inside the caller's transaction.
 */
export function fetchedContactWriter(
  sqlite: BetterSqlite3.Database,
  db: Kysely<Database>,
): (row: ContactRow) => void {
  const sql = pageWriteSql(db);
  const upsert = sqlite.prepare(sql.upsertContact);
  const upsertPayload = sqlite.prepare(sql.rawPayload.upsert);
  const deleteTags = sqlite.prepare(db.deleteFrom('contact_tags').where('contact_id', '=', '').compile().sql);
  const insertTag = sqlite.prepare(
    db
      .insertInto('contact_tags')
      .values({ contact_id: '', tag_id: '' })
      .onConflict((oc) => oc.doNothing())
      .compile().sql,
  );
  const deleteCompanies = sqlite.prepare(
    db.deleteFrom('contact_companies').where('contact_id', '=', '').compile().sql,
  );
  const insertCompany = sqlite.prepare(
    db
      .insertInto('contact_companies')
      .values({ contact_id: '', company_id: '' })
      .onConflict((oc) => oc.doNothing())
      .compile().sql,
  );
  return (row: ContactRow): void => {
    upsert.run(contactValues(row, 1));
    if (row.tagIds !== undefined) {
      deleteTags.run(row.id);
      for (const tag of row.tagIds) insertTag.run(row.id, tag);
    }
    if (row.companyIds !== undefined) {
      deleteCompanies.run(row.id);
      for (const company of row.companyIds) insertCompany.run(row.id, company);
    }
    if (row.rawPayload !== undefined) {
      upsertPayload.run(
        encodedPayloadValues({
          kind: 'contact',
          id: row.id,
          fetchedAt: row.synced_at,
          encoding: BUILT_IN_ENCODING,
          body: row.rawPayload,
        }),
      );
    }
  };
}
