import type { CompanyRows } from '../sync/company-mapper.js';
import { allCompiled, runCompiled } from './compiled-query.js';
import type { FicDatabase } from './open-database.js';
import { deleteRawPayloads, payloadCodec, writeRawPayloads } from './raw-payloads.js';
import type { RawPayload } from './raw-payloads.js';
import { sqliteOf } from './open-database.js';

/** One listed company: its rows and the JSON text of its company object. */
export interface CompanyWrite {
  rows: CompanyRows;
  rawJson: string;
}

/** Company rows, a list page per transaction; removals only for companies confirmed gone. */
export class CompanyRepository {
  readonly #database: FicDatabase;

  constructor(database: FicDatabase) {
    this.#database = database;
  }

  /** Writes one page of companies (rows, tags and payloads) in one transaction. */
  writeCompanies(companies: readonly CompanyWrite[]): void {
    sqliteOf(this.#database)
      .transaction(() => {
        for (const company of companies) this.replaceCompany(company.rows);
        // Stored with the rows' own sync time, so `fic rebuild` derives the same synced_at.
        const payloads: RawPayload[] = companies.map((company) => ({
          kind: 'company',
          id: company.rows.company.id,
          json: company.rawJson,
          fetchedAt: company.rows.company.synced_at,
        }));
        writeRawPayloads(this.#database, payloads);
      })
      .immediate();
    // Outside the transaction: a dictionary its payloads made ready is stored for the next pages.
    payloadCodec(this.#database).train();
  }

  /** Rewrites one company's rows (`fic rebuild` too), inside the caller's transaction. */
  replaceCompany(rows: CompanyRows): void {
    const { db } = this.#database;
    const { id: _id, ...update } = rows.company;
    runCompiled(
      this.#database,
      db
        .insertInto('companies')
        .values(rows.company)
        .onConflict((conflict) => conflict.column('id').doUpdateSet(update)),
    );
    runCompiled(this.#database, db.deleteFrom('company_tags').where('company_id', '=', rows.company.id));
    for (const tag of rows.tags) runCompiled(this.#database, db.insertInto('company_tags').values(tag));
  }

  /** Every stored company id. */
  storedIds(): string[] {
    return allCompiled(this.#database, this.#database.db.selectFrom('companies').select('id')).map(
      (row) => row.id,
    );
  }

  /** Companies that contacts are linked to and the copy does not hold, at most `limit`. */
  namedButMissing(limit: number): string[] {
    return sqliteOf(this.#database)
      .prepare(
        `SELECT DISTINCT company_id FROM contact_companies
          WHERE company_id NOT IN (SELECT id FROM companies) ORDER BY company_id LIMIT ?`,
      )
      .pluck()
      .all(limit) as string[];
  }

  /** Removes companies Intercom no longer has (their contact links go with them). */
  removeCompanies(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const { db } = this.#database;
    sqliteOf(this.#database)
      .transaction(() => {
        for (const id of ids) {
          runCompiled(this.#database, db.deleteFrom('companies').where('id', '=', id));
          runCompiled(this.#database, db.deleteFrom('contact_companies').where('company_id', '=', id));
        }
        deleteRawPayloads(this.#database, 'company', ids);
      })
      .immediate();
    // Outside the transaction: a dictionary its payloads made ready is stored for the next pages.
    payloadCodec(this.#database).train();
  }
}
