import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { FicError } from '../errors.js';
import type { Database } from './database-schema.js';
import type { NamedMigration } from './migrations/index.js';
import { databaseFailure } from './sqlite-errors.js';

export interface MigrationTarget {
  readonly sqlite: BetterSqlite3.Database;
  /** The query builder the migrations' `up` runs through: the same connection. */
  readonly db: Kysely<Database>;
  readonly path: string;
}

/**
 * Brings the database to the newest schema this build knows, ONE transaction per migration (its
 * statements and the row recording it): SQLite's DDL is transactional, so a process killed half-way
 * through leaves the schema as the last whole migration left it, and the next open carries on.
 * Kysely's Migrator would run SQLite migrations outside any transaction (its SqliteAdapter declares
 * no transactional DDL, because some PRAGMAs cannot run inside one; none of ours do).
 *
 * Applied migrations are listed in `kysely_migration` (the table Kysely's Migrator kept, so databases
 * it migrated carry on here), and which fic applied each in `fic_migration_versions`: a database
 * holding a migration this build does not know was written by a newer fic, and the error names it.
 */
export async function migrateDatabase(
  target: MigrationTarget,
  migrations: readonly NamedMigration[],
): Promise<void> {
  const known = new Set(migrations.map((migration) => migration.name));
  let pending = pendingMigrations(target, migrations, known);
  while (pending.length > 0) {
    const { sqlite } = target;
    // IMMEDIATE: the write lock up front, then the state again, so two processes migrating one file
    // take turns instead of applying a migration twice.
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      pending = pendingMigrations(target, migrations, known);
      const next = pending[0];
      if (next !== undefined) {
        sqlite.exec(bookkeepingTables);
        await next.migration.up(target.db);
        const now = new Date().toISOString();
        sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run(next.name, now);
        sqlite
          .prepare('INSERT INTO fic_migration_versions (name, fic_version, applied_at) VALUES (?, ?, ?)')
          .run(next.name, ficVersion(), now);
      }
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw migrationError(target.path, pending[0]?.name, error);
    }
    pending = pending.slice(1);
  }
}

const bookkeepingTables = `
  CREATE TABLE IF NOT EXISTS kysely_migration (
    name varchar(255) NOT NULL PRIMARY KEY,
    timestamp varchar(255) NOT NULL);
  CREATE TABLE IF NOT EXISTS fic_migration_versions (
    name TEXT NOT NULL PRIMARY KEY,
    fic_version TEXT NOT NULL,
    applied_at TEXT NOT NULL);`;

/** The migrations not applied yet, in order; FicError when the database is newer than this build. */
function pendingMigrations(
  target: MigrationTarget,
  migrations: readonly NamedMigration[],
  known: ReadonlySet<string>,
): NamedMigration[] {
  const applied = appliedMigrations(target);
  const unknown = [...applied].filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) throw newerSchemaError(target, unknown);
  return migrations.filter((migration) => !applied.has(migration.name));
}

function appliedMigrations({ sqlite }: MigrationTarget): Set<string> {
  if (!tableExists(sqlite, 'kysely_migration')) return new Set();
  return new Set(sqlite.prepare('SELECT name FROM kysely_migration').pluck().all() as string[]);
}

function newerSchemaError(target: MigrationTarget, unknown: string[]): FicError {
  const writers = tableExists(target.sqlite, 'fic_migration_versions')
    ? (target.sqlite
        .prepare(
          `SELECT DISTINCT fic_version FROM fic_migration_versions WHERE name IN (${unknown.map(() => '?').join(', ')})`,
        )
        .pluck()
        .all(...unknown) as string[])
    : [];
  const newest = writers.sort(compareVersions).at(-1);
  const writer = newest === undefined ? 'a newer fic' : `fic ${newest}`;
  return new FicError(
    'database',
    `The database ${target.path} was written by ${writer} (schema ${unknown.at(-1)}), newer than this fic ` +
      `(${ficVersion()}), which does not know its schema: upgrade fic${newest === undefined ? '' : ` to ${newest} or later`}, ` +
      'or sync into another --db path.',
    { details: { path: target.path, unknownMigrations: unknown, writtenBy: newest ?? null } },
  );
}

function migrationError(file: string, migration: string | undefined, error: unknown): FicError {
  if (error instanceof FicError) return error;
  const action = migration === undefined ? 'update the schema' : `apply the schema migration ${migration}`;
  return (
    databaseFailure(error, file, action) ??
    new FicError(
      'database',
      `Cannot ${action} to ${file}: ${error instanceof Error ? error.message : String(error)}. ` +
        'The schema is left as it was; run fic verify.',
      { cause: error, details: { path: file, migration } },
    )
  );
}

function tableExists(sqlite: BetterSqlite3.Database, name: string): boolean {
  return (
    sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(name) !==
    undefined
  );
}

let version: string | undefined;

/** This build's version (core's package.json, released with fic's): read once, when a migration runs. */
function ficVersion(): string {
  if (version === undefined) {
    try {
      const manifest = fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      version = (JSON.parse(manifest) as { version?: string }).version ?? 'unknown';
    } catch {
      version = 'unknown'; // a bundle without its package.json: the migration still applies
    }
  }
  return version;
}

/** Orders "0.10.0" after "0.9.1". */
function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
