import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';
import type { Database } from '../../src/db/database-schema.js';
import { migrateDatabase } from '../../src/db/migrate-database.js';
import { openDatabase } from '../../src/db/open-database.js';
import { rebuildDatabase } from '../../src/sync/rebuild-database.js';
import { schemaMigrations } from '../../src/db/migrations/index.js';
import { FicError } from '../../src/errors.js';
import { runSync } from '../../src/sync/run-sync.js';
import { testConfig } from '../sync/fixtures/sync-fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = 'packages/core/test/db/migrate-child.ts';
const ficVersion = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let dir: string;
let fake: FakeIntercom;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-migrate-'));
  fake = await startFakeIntercom({ conversations: 20, rateLimitPerMinute: 0 });
});

after(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the migration child until it kills itself at `killAt` (`<migration>:<statement|end>`). */
function migrateUntilKilled(dbPath: string, killAt: string): Promise<NodeJS.Signals | null> {
  const child = spawn(
    process.execPath,
    ['--conditions=@fastintercom/source', '--import', 'tsx', CHILD, dbPath, killAt],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null)
        reject(new Error(`the child was not killed at ${killAt} (exit ${code}): ${output}`));
      else resolve(signal);
    });
  });
}

function inspect(dbPath: string): { applied: string[]; tables: string[] } {
  const sqlite = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const tables = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all() as string[];
    const applied = tables.includes('kysely_migration')
      ? (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[])
      : [];
    return { applied, tables };
  } finally {
    sqlite.close();
  }
}

const names = schemaMigrations.map((migration) => migration.name);

test('SIGKILL anywhere in a migration leaves the schema of the last whole one, and the next sync succeeds', async () => {
  const [first, second, third] = names as [string, string, string];
  // In the first schema's tables, after its last statement (before the record and the commit), in the
  // one-statement second migration and after both statements of the third.
  const points = [`${first}:1`, `${first}:12`, `${first}:end`, `${second}:1`, `${third}:end`];
  for (const [index, point] of points.entries()) {
    const dbPath = path.join(dir, `killed-${index}.db`);
    fs.closeSync(fs.openSync(dbPath, 'w', 0o600)); // as openDatabase creates it
    assert.equal(await migrateUntilKilled(dbPath, point), 'SIGKILL');

    const victim = point.slice(0, point.indexOf(':'));
    const { applied, tables } = inspect(dbPath);
    assert.deepEqual(applied, names.slice(0, names.indexOf(victim)), `applied after a kill at ${point}`);
    assert.equal(tables.includes('conversations'), victim !== first, `tables after a kill at ${point}`);

    const result = await runSync(testConfig(fake, dbPath), { mode: 'full' });
    assert.equal(result.status, 'succeeded', point);
    assert.equal(result.conversationsSynced, 20, point);
    assert.deepEqual(inspect(dbPath).applied, names, point);
  }
});

test('each migration records the fic that applied it', async () => {
  const dbPath = path.join(dir, 'recorded.db');
  const database = await openDatabase(dbPath);
  try {
    const rows = sqliteOf(database)
      .prepare('SELECT name, fic_version FROM fic_migration_versions ORDER BY name')
      .all() as { name: string; fic_version: string }[];
    assert.deepEqual(
      rows,
      names.map((name) => ({ name, fic_version: ficVersion })),
    );
  } finally {
    await database.close();
  }
});

test('a database from a newer fic names the version it needs, not "corrupted migrations"', async () => {
  const dbPath = path.join(dir, 'newer.db');
  await (await openDatabase(dbPath)).close();
  const sqlite = new BetterSqlite3(dbPath);
  sqlite
    .prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9000-future-tables', '2030-01-01')`)
    .run();
  sqlite
    .prepare(
      `INSERT INTO fic_migration_versions (name, fic_version, applied_at) VALUES ('9000-future-tables', '9.1.0', '2030-01-01')`,
    )
    .run();
  sqlite.close();

  await assert.rejects(openDatabase(dbPath), (error: unknown) => {
    assert.ok(error instanceof FicError, String(error));
    assert.equal(error.code, 'database');
    assert.match(error.message, /was written by fic 9\.1\.0 \(schema 9000-future-tables\)/);
    assert.match(error.message, new RegExp(`newer than this fic \\(${ficVersion.replaceAll('.', '\\.')}\\)`));
    assert.match(error.message, /upgrade fic to 9\.1\.0 or later/);
    assert.doesNotMatch(error.message, /corrupted migrations/);
    return true;
  });

  // A newer schema recorded without its version (kysely's table only) still says what to do.
  const bare = new BetterSqlite3(dbPath);
  bare.exec(`DELETE FROM fic_migration_versions WHERE name = '9000-future-tables'`);
  bare.close();
  await assert.rejects(
    openDatabase(dbPath),
    /was written by a newer fic \(schema 9000-future-tables\).*upgrade fic/,
  );
});

test("a database an older fic migrated with Kysely's Migrator carries on from its last migration", async () => {
  const dbPath = path.join(dir, 'older.db');
  const sqlite = new BetterSqlite3(dbPath);
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  const older = Object.fromEntries(
    schemaMigrations.slice(0, 2).map(({ name, migration }) => [name, migration]),
  );
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(older) },
  }).migrateToLatest();
  assert.equal(error, undefined);
  await db.destroy();

  const database = await openDatabase(dbPath);
  try {
    assert.deepEqual(
      sqliteOf(database).prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all(),
      names,
    );
    assert.deepEqual(
      sqliteOf(database).prepare('SELECT name FROM fic_migration_versions').pluck().all(),
      names.slice(2),
      'only what this fic applied is recorded as its own',
    );
  } finally {
    await database.close();
  }
});

test('a database from before 0005 migrates in place: parts, search index and text kept, HTML dropped, rebuild keeps rows without payloads', async () => {
  const dbPath = path.join(dir, 'before-0005.db');
  const sqlite = new BetterSqlite3(dbPath);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const through0004 = schemaMigrations.filter(({ name }) => name < '0005');
  await migrateDatabase({ sqlite, db, path: dbPath }, through0004);
  sqlite.exec(`
    INSERT INTO conversations (id, created_at, updated_at, title, state, open, read, source_body_html,
        source_body_text, parts_total_count, parts_stored, synced_at)
      VALUES ('c1', 100, 200, 'Billing', 'open', 1, 0, '<p>Where is my invoice</p>', 'Where is my invoice', 2, 2, 300);
    INSERT INTO conversation_parts (conversation_id, position, id, part_type, body_html, body_text, created_at)
      VALUES ('c1', 1, 'p2', 'comment', '<p>Refund sent</p>', 'Refund sent', 160),
             ('c1', 0, 'p1', 'comment', '<p>Looking into the ledger</p>', 'Looking into the ledger', 150);
    INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild');`);
  await db.destroy();

  const database = await openDatabase(dbPath);
  try {
    const migrated = sqliteOf(database);
    assert.deepEqual(
      migrated.prepare('SELECT position, id, body_text FROM conversation_parts ORDER BY position').all(),
      [
        { position: 0, id: 'p1', body_text: 'Looking into the ledger' },
        { position: 1, id: 'p2', body_text: 'Refund sent' },
      ],
    );
    const columns = (table: string): string[] =>
      (migrated.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    assert.ok(!columns('conversations').includes('source_body_html'));
    assert.ok(!columns('conversation_parts').includes('body_html'));
    // The new view builds the very document the old one indexed, in part order.
    migrated
      .prepare(`INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1)`)
      .run();
    assert.equal(
      migrated.prepare('SELECT body FROM conversation_documents').pluck().get(),
      'Where is my invoice\nLooking into the ledger\nRefund sent',
    );
    // Phrases follow the thread's order: the parts were indexed oldest first.
    const phrase = migrated
      .prepare(`SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH ?`)
      .pluck();
    assert.equal(phrase.get('"ledger refund"'), 1);
    assert.equal(phrase.get('"refund ledger"'), 0);
    assert.equal(
      migrated
        .prepare(`SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH 'ledger AND refund'`)
        .pluck()
        .get(),
      1,
    );
    const result = rebuildDatabase(database);
    assert.deepEqual(result.withoutPayload, { conversations: 1, contacts: 0 });
    assert.equal(migrated.prepare('SELECT count(*) FROM conversation_parts').pluck().get(), 2);
  } finally {
    await database.close();
  }
});
