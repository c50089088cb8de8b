import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { runSync } from '../../src/sync/run-sync.js';
import { FAST_RETRIES, tempDatabase, testConfig } from '../sync/fixtures/sync-fixtures.js';

const schemaDoc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/schema.md');

/** The `sqlite3` CLI on PATH and its version, or undefined (CI installs Debian's through .ci/run). */
function sqliteCli(): string | undefined {
  const result = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function run(dbPath: string, input: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sqlite3', ['-readonly', '-bail', dbPath], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The ```sql blocks under "## Example queries" of docs/schema.md. */
function exampleQueries(): string[] {
  const doc = fs.readFileSync(schemaDoc, 'utf8');
  const section = doc.slice(doc.indexOf('## Example queries'));
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

test("a synced database opens in the sqlite3 CLI (3.37+) and runs docs/schema.md's example queries", async (t) => {
  const version = sqliteCli();
  if (version === undefined) {
    t.skip('sqlite3 is not installed (apt-get install -y sqlite3): not checked');
    return;
  }
  t.diagnostic(`sqlite3 ${version}`);
  const queries = exampleQueries();
  assert.equal(queries.length, 3, 'docs/schema.md has three example queries');
  const fake = await startFakeIntercom({
    rateLimitPerMinute: 0,
    realistic: true,
    conversations: 120,
    seed: 3,
  });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const result = await runSync(testConfig(fake, dbPath), { mode: 'full', client: FAST_RETRIES });
    assert.equal(result.status, 'succeeded');
    // Every view, index and trigger of the schema parses (a 3.44-only view makes every statement fail
    // with "malformed database schema"), and the file is sound by this SQLite's own checks.
    const checks = run(
      dbPath,
      `PRAGMA integrity_check;
       SELECT count(*) FROM conversation_documents;
       SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH 'the';
       SELECT name FROM sqlite_schema WHERE type IN ('view', 'index', 'trigger') ORDER BY name;`,
    );
    assert.equal(checks.status, 0, checks.stderr);
    const [integrity, documents, matches] = checks.stdout.split('\n');
    assert.equal(integrity, 'ok');
    assert.equal(Number(documents), 120);
    assert.ok(Number(matches) > 0);
    // The view builds each document as the writer indexed it: FTS5's own check compares them.
    const ftsCheck = spawnSync(
      'sqlite3',
      [dbPath, `INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1);`],
      { encoding: 'utf8' },
    );
    assert.equal(ftsCheck.status, 0, ftsCheck.stderr);

    for (const query of queries) {
      const answer = run(dbPath, query);
      assert.equal(answer.status, 0, `${query}\n${answer.stderr}`);
      assert.equal(answer.stderr, '');
    }
    assert.ok(
      run(dbPath, queries[0]!).stdout.split('\n').filter(Boolean).length > 0,
      'the search finds conversations',
    );
    assert.ok(run(dbPath, queries[1]!).stdout.split('\n').filter(Boolean).length > 0, 'teammates are listed');
  } finally {
    await fake.close();
    cleanup();
  }
});
