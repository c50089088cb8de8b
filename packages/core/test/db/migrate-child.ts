/**
 * Migrates a database in its own process and SIGKILLs itself at a chosen point, for the tests of
 * migrate-database.ts. Run from the repo root:
 *   node --conditions=@fastintercom/source --import tsx packages/core/test/db/migrate-child.ts \
 *     <dbPath> <migration>:<point>
 * It opens the file as openDatabase does (the same pragmas) and runs the real migrations through the
 * real runner; inside migration <migration> it dies right after its statement number <point> ran, or
 * with <point> `end` after its last statement (before the runner records it and commits). It prints
 * `migrated` if it lives to the end.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import { configureConnection } from '../../src/db/connection-pragmas.js';
import type { Database } from '../../src/db/database-schema.js';
import { migrateDatabase } from '../../src/db/migrate-database.js';
import { schemaMigrations } from '../../src/db/migrations/index.js';

const [dbPath, killAt] = process.argv.slice(2);
const match = /^([^:]+):(\d+|end)$/.exec(killAt ?? '');
if (dbPath === undefined || match === null) {
  throw new Error('usage: migrate-child.ts <dbPath> <migration>:<statement number|end>');
}
const [, victim, point] = match;
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const sqlite = new BetterSqlite3(dbPath);
configureConnection(sqlite, { readonly: false, busyTimeoutMs: 5000 });
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });

const migrations = schemaMigrations.map(({ name, migration }) => {
  if (name !== victim) return { name, migration };
  let executed = 0;
  // Called once each statement of the migration has run (synchronously, on this connection).
  const counter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      if (String(++executed) === point) die();
      return Promise.resolve(args.result);
    },
  };
  return {
    name,
    migration: {
      up: async (target: Kysely<unknown>): Promise<void> => {
        await migration.up(target.withPlugin(counter));
        if (point === 'end') die();
      },
    },
  };
});

await migrateDatabase({ sqlite, db, path: dbPath }, migrations);
process.stdout.write('migrated\n');
sqlite.close();
