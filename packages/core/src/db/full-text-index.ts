import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { FicDatabase } from './open-database.js';
import { prepareCompiled } from './prepared-statements.js';
import type { Statement } from './prepared-statements.js';

/**
 * Every full-text statement the repository runs, the one SQLite-specific (FTS5) part of the storage
 * layer. `conversations_fts` is an external-content index over the `conversation_documents` view, so
 * FTS5 never sees a row change by itself: a writer removes a conversation's old document before it
 * touches the rows and adds the new one after. A PostgreSQL dialect would swap this file for a
 * tsvector column kept by the same two calls.
 */
export class FullTextIndex {
  readonly #database: FicDatabase;
  readonly #removeDocument: Statement;
  readonly #addDocument: Statement;

  constructor(database: FicDatabase) {
    this.#database = database;
    const { db, sqlite } = database;
    // FTS5's 'delete' needs exactly the values it indexed: the document as the view builds it now.
    this.#removeDocument = prepareCompiled(
      sqlite,
      sql`INSERT INTO conversations_fts (conversations_fts, rowid, subject, body)
          SELECT 'delete', doc_id, subject, body FROM conversation_documents WHERE doc_id = ${0}`.compile(db),
      1,
    );
    this.#addDocument = prepareCompiled(
      sqlite,
      sql`INSERT INTO conversations_fts (rowid, subject, body)
          SELECT doc_id, subject, body FROM conversation_documents WHERE doc_id = ${0}`.compile(db),
      1,
    );
  }

  /** Call before changing a stored conversation's rows, with its `row_id`. */
  removeDocument(rowId: number): void {
    this.#removeDocument.run(rowId);
  }

  /** Call after writing a conversation's rows, with its `row_id`. */
  addDocument(rowId: number): void {
    this.#addDocument.run(rowId);
  }

  /** FTS5's own check of the index against the documents; the problem it found, or undefined. */
  integrityProblem(): string | undefined {
    const { sqlite, path } = this.#database;
    // The check is an INSERT command (that writes nothing), which a read-only connection refuses:
    // run it on a short-lived read-write connection then.
    const connection = sqlite.readonly ? new BetterSqlite3(path, { fileMustExist: true }) : sqlite;
    try {
      if (connection !== sqlite) connection.pragma('busy_timeout = 5000');
      connection
        .prepare(`INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1)`)
        .run();
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      if (connection !== sqlite) connection.close();
    }
  }

  /** Documents the index holds, and how many conversations it lacks or it holds for no conversation. */
  documentCounts(): { indexed: number; missing: number; orphaned: number } {
    // `_docsize` is FTS5's shadow table with one row per indexed document (counting the FTS table
    // itself would count the view).
    return this.#database.sqlite
      .prepare(
        `SELECT
           (SELECT count(*) FROM conversations_fts_docsize) AS indexed,
           (SELECT count(*) FROM conversations c
             WHERE NOT EXISTS (SELECT 1 FROM conversations_fts_docsize d WHERE d.id = c.row_id)) AS missing,
           (SELECT count(*) FROM conversations_fts_docsize d
             WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.row_id = d.id)) AS orphaned`,
      )
      .get() as { indexed: number; missing: number; orphaned: number };
  }
}
