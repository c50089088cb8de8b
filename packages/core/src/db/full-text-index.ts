import BetterSqlite3 from 'better-sqlite3';
import type { FicDatabase } from './open-database.js';
import { databaseFailure, databaseFailureKind } from './sqlite-errors.js';
import { sqliteOf } from './open-database.js';

/**
 * The checks of the full-text index, the one SQLite-specific (FTS5) part of the storage layer.
 * `conversations_fts` is an external-content index over the `conversation_documents` view, so FTS5
 * never sees a row change by itself: the writer (conversation-writer.ts, with the statements of
 * page-write-sql.ts) removes a conversation's old document before it touches the rows and adds the new
 * one (search-document.ts) after. A PostgreSQL dialect would swap these for a tsvector column.
 */
/** The two indexes: conversations and tickets (tickets_fts over ticket_documents, the same way). */
export type FullTextIndexName = 'conversations' | 'tickets';

export class FullTextIndex {
  readonly #database: FicDatabase;
  /** The FTS5 table, and the table whose row_id is each document's rowid (names from the fixed list above). */
  readonly #fts: string;
  readonly #rows: string;

  constructor(database: FicDatabase, name: FullTextIndexName = 'conversations') {
    this.#database = database;
    this.#fts = `${name}_fts`;
    this.#rows = name;
  }

  /**
   * FTS5's own check of the index against the documents; the problem it found, or undefined. Throws
   * when the check cannot run (a read-only file refuses the connection it needs: FicError 'read_only').
   */
  integrityProblem(): string | undefined {
    const { path } = this.#database;
    const sqlite = sqliteOf(this.#database);
    // The check is an INSERT command (that writes nothing), which a read-only connection refuses:
    // run it on a short-lived read-write connection then.
    const connection = sqlite.readonly ? new BetterSqlite3(path, { fileMustExist: true }) : sqlite;
    try {
      if (connection !== sqlite) connection.pragma('busy_timeout = 5000');
      connection.prepare(`INSERT INTO ${this.#fts} (${this.#fts}, rank) VALUES ('integrity-check', 1)`).run();
      return undefined;
    } catch (error) {
      // What the check finds is corruption; anything else (read-only, busy) means it could not look.
      const kind = databaseFailureKind(error);
      if (kind !== undefined && kind !== 'corrupt')
        throw databaseFailure(error, path, 'check the search index') ?? error;
      return error instanceof Error ? error.message : String(error);
    } finally {
      if (connection !== sqlite) connection.close();
    }
  }

  /** Documents the index holds, and how many rows it lacks or it holds for no row. */
  documentCounts(): { indexed: number; missing: number; orphaned: number } {
    // `_docsize` is FTS5's shadow table with one row per indexed document (counting the FTS table
    // itself would count the view).
    return sqliteOf(this.#database)
      .prepare(
        `SELECT
           (SELECT count(*) FROM ${this.#fts}_docsize) AS indexed,
           (SELECT count(*) FROM ${this.#rows} c
             WHERE NOT EXISTS (SELECT 1 FROM ${this.#fts}_docsize d WHERE d.id = c.row_id)) AS missing,
           (SELECT count(*) FROM ${this.#fts}_docsize d
             WHERE NOT EXISTS (SELECT 1 FROM ${this.#rows} c WHERE c.row_id = d.id)) AS orphaned`,
      )
      .get() as { indexed: number; missing: number; orphaned: number };
  }
}
