import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import { openDatabase } from '../../src/db/open-database.js';
import {
  BUILT_IN_ENCODING,
  compressPayload,
  PayloadCodec,
  payloadCodec,
  readRawPayloads,
} from '../../src/db/raw-payloads.js';
import { runSync } from '../../src/sync/run-sync.js';
import { FAST_RETRIES, tempDatabase, testConfig } from '../sync/fixtures/sync-fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

/** A conversation-like JSON text of a few KB, different for each n. */
function conversationJson(n: number): string {
  const parts = Array.from({ length: 6 }, (_, i) => ({
    type: 'conversation_part',
    id: String(10_000 + n * 10 + i),
    part_type: 'comment',
    body: `<p>Message ${i} of conversation ${n}: the export to CSV fails for workspace ${n % 7}.</p>`,
    author: { type: 'admin', id: '991209439', name: 'Avery Support', email: 'avery@acme-support.example' },
  }));
  return JSON.stringify({ type: 'conversation', id: String(215_000_000_000 + n), conversation_parts: parts });
}

test('a sync trains a dictionary on the workspace, stores it, and every payload reads back as the API sent it', async () => {
  const fake = await startFakeIntercom({
    rateLimitPerMinute: 0,
    realistic: true,
    conversations: 120,
    seed: 9,
  });
  const { dbPath, cleanup } = tempDatabase();
  try {
    const run = await runSync(testConfig(fake, dbPath), { mode: 'full', client: FAST_RETRIES });
    assert.equal(run.status, 'succeeded');
    const database = await openDatabase(dbPath);
    try {
      const dictionaries = sqliteOf(database)
        .prepare('SELECT encoding, kind, length(dictionary) AS bytes FROM raw_payload_dictionaries')
        .all() as { encoding: number; kind: string; bytes: number }[];
      const conversationDictionary = dictionaries.find((row) => row.kind === 'conversation');
      assert.ok(conversationDictionary, 'a conversation dictionary is stored');
      assert.ok(conversationDictionary.encoding >= 2 && conversationDictionary.bytes <= 32 * 1024);
      const encodings = sqliteOf(database)
        .prepare(
          `SELECT encoding, count(*) AS n FROM raw_payloads WHERE kind = 'conversation' GROUP BY encoding`,
        )
        .all() as { encoding: number; n: number }[];
      const trained = encodings.find((row) => row.encoding === conversationDictionary.encoding);
      assert.ok(
        trained && trained.n > 100,
        `most conversations use the trained dictionary: ${JSON.stringify(encodings)}`,
      );

      // Read back by a fresh handle (its own codec, as another process would), compared with the API's bytes.
      const stored = readRawPayloads(database, 'conversation', null, 1000);
      assert.equal(stored.length, 120);
      for (const payload of stored.filter((_, index) => index % 10 === 0)) {
        const response = await fetch(`${fake.url}/conversations/${payload.id}`, {
          headers: { Authorization: `Bearer ${fake.token}`, 'Intercom-Version': '2.16' },
        });
        assert.equal(payload.json, await response.text());
      }
    } finally {
      await database.close();
    }
  } finally {
    cleanup();
    await fake.close();
  }
});

test('training waits outside transactions: a rolled-back page leaves no payload whose dictionary is missing', async () => {
  const { dbPath, cleanup } = tempDatabase();
  try {
    const database = await openDatabase(dbPath);
    try {
      const codec = payloadCodec(database);
      // Another handle's codec, loaded before any dictionary exists (as another process's would be).
      const other = new PayloadCodec(database);
      assert.equal(other.compress('contact', '{}').encoding, BUILT_IN_ENCODING);
      const insert = sqliteOf(database).prepare(
        `INSERT INTO raw_payloads (kind, id, fetched_at, encoding, body) VALUES ('conversation', ?, 0, ?, ?)`,
      );
      const rolledBack = sqliteOf(database).transaction(() => {
        for (let n = 0; n < 6; n += 1) {
          const { encoding, body } = codec.compress('conversation', conversationJson(n));
          assert.equal(encoding, BUILT_IN_ENCODING, 'no dictionary is trained inside a transaction');
          insert.run(String(n), encoding, body);
        }
        throw new Error('the page fails');
      });
      assert.throws(() => rolledBack(), /the page fails/);
      const count = (): number =>
        sqliteOf(database).prepare('SELECT count(*) FROM raw_payload_dictionaries').pluck().get() as number;
      assert.equal(count(), 0);

      // Outside a transaction the samples it saw train the dictionary, stored before anything uses it.
      codec.train();
      assert.equal(count(), 1);
      const json = conversationJson(99);
      const compressed = codec.compress('conversation', json);
      assert.ok(compressed.encoding >= 2);
      assert.ok(
        compressed.body.byteLength < compressPayload(json).byteLength,
        `trained ${compressed.body.byteLength} bytes against built-in ${compressPayload(json).byteLength}`,
      );
      assert.equal(codec.decompress(compressed.body, compressed.encoding), json);

      // The other codec loaded before the dictionary existed, and still reads it (it reloads once).
      assert.equal(other.decompress(compressPayload(json), BUILT_IN_ENCODING), json);
      assert.equal(other.decompress(compressed.body, compressed.encoding), json);
      assert.throws(() => other.decompress(compressed.body, 9999), /encoding 9999 is unknown/);
    } finally {
      await database.close();
    }
  } finally {
    cleanup();
  }
});
