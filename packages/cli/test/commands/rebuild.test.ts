import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { runFic, runFicJson } from '../fic-process.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

interface RebuildJson {
  dbPath: string;
  rebuilt: Record<string, number>;
  withoutPayload: { conversations: number; contacts: number };
}

describe('fic rebuild', () => {
  let seeded: SeededDatabase;

  before(async () => {
    seeded = await seedDatabase({ conversations: 40 });
  });
  after(() => seeded.fake.close());

  test('re-derives the tables from the raw payloads: --json counts, damaged rows repaired, stdout clean', async () => {
    const sqlite = new BetterSqlite3(seeded.dbPath);
    const stateOf = sqlite.prepare('SELECT state FROM conversations ORDER BY id').pluck();
    const states = stateOf.all();
    sqlite.exec(`UPDATE conversations SET state = 'damaged'`);
    sqlite.close();

    const run = await runFicJson<RebuildJson>(['rebuild', '--db', seeded.dbPath]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.rebuilt['conversation'], 40);
    assert.deepEqual(run.json.without_payload, { conversations: 0, contacts: 0 });
    const after = new BetterSqlite3(seeded.dbPath, { readonly: true });
    try {
      assert.deepEqual(after.prepare('SELECT state FROM conversations ORDER BY id').pluck().all(), states);
    } finally {
      after.close();
    }
    const human = await runFic(['rebuild', '--db', seeded.dbPath]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(
      human.stdout,
      /^Rebuilt 40 conversations, \d+ contacts, \d+ companies, \d+ tickets from raw payloads/m,
    );
  });
});
