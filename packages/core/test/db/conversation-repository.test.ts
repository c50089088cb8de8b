import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { BUILT_IN_ENCODING, compressPayload, readRawPayloads } from '../../src/db/raw-payloads.js';
import { FicError } from '../../src/errors.js';
import { conversationWrite, openTempDatabase, searchIds, tableRows } from './fixtures.js';
import type { TempDatabase } from './fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

let temp: TempDatabase;
let repository: ConversationRepository;

beforeEach(async () => {
  temp = await openTempDatabase();
  // A fixed clock: sync_state.updated_at is stamped from it, and two writes must not straddle a second.
  repository = new ConversationRepository(temp.database, { now: () => 1_800_000_000_000 });
});

afterEach(async () => {
  await temp.dispose();
});

function rowIdOf(id: string): number {
  return sqliteOf(temp.database)
    .prepare('SELECT row_id FROM conversations WHERE id = ?')
    .pluck()
    .get(id) as number;
}

function partTexts(id: string): string[] {
  return sqliteOf(temp.database)
    .prepare('SELECT body_text FROM conversation_parts WHERE conversation_id = ? ORDER BY position')
    .pluck()
    .all(id) as string[];
}

function snapshot(): Record<string, unknown[]> {
  const { database } = temp;
  return {
    conversations: tableRows(database, 'conversations', 'row_id'),
    parts: tableRows(database, 'conversation_parts', 'conversation_id, position'),
    links: tableRows(database, 'conversation_contacts', 'conversation_id, contact_id'),
    tagLinks: tableRows(database, 'conversation_tags', 'conversation_id, tag_id'),
    contacts: tableRows(database, 'contacts', 'id'),
    tags: tableRows(database, 'tags', 'id'),
    state: tableRows(database, 'sync_state', 'key'),
    docs: tableRows(database, 'conversations_fts_docsize', 'id'),
  };
}

test('writeConversations stores a conversation with its parts, contacts, tags and search document', () => {
  const write = conversationWrite('c1', {
    subject: 'Invoice mismatch',
    sourceBody: 'My invoice shows the wrong amount',
    parts: ['We are looking into the ledger', 'Found a rounding bug', 'Refund issued'],
    contacts: [
      { id: 'u1', email: 'Ann@Acme.COM', name: 'Ann' },
      { id: 'u2', email: null },
    ],
    tags: [{ id: 't1', name: 'billing' }],
  });
  repository.writeConversations([write], { checkpoint: { updatedAt: 1_700_003_600, id: 'c1' } });

  const sqlite = sqliteOf(temp.database);
  const stored = sqlite.prepare('SELECT * FROM conversations WHERE id = ?').get('c1') as Record<
    string,
    unknown
  >;
  assert.equal(stored.source_subject, 'Invoice mismatch');
  assert.equal(stored.contact_id, 'u1');
  assert.equal(stored.parts_stored, 3);
  assert.deepEqual(partTexts('c1'), [
    'We are looking into the ledger',
    'Found a rounding bug',
    'Refund issued',
  ]);
  assert.equal(
    sqlite.prepare('SELECT body_text FROM conversation_parts WHERE id = ?').pluck().get('c1-part-1'),
    'Found a rounding bug',
  );
  assert.deepEqual(
    sqlite.prepare('SELECT contact_id, position FROM conversation_contacts ORDER BY position').all(),
    [
      { contact_id: 'u1', position: 0 },
      { contact_id: 'u2', position: 1 },
    ],
  );
  assert.deepEqual(
    sqlite.prepare('SELECT id, email, email_domain, fetched FROM contacts ORDER BY id').all(),
    [
      { id: 'u1', email: 'Ann@Acme.COM', email_domain: 'acme.com', fetched: 0 },
      { id: 'u2', email: null, email_domain: null, fetched: 0 },
    ],
  );
  assert.deepEqual(sqlite.prepare('SELECT tag_id FROM conversation_tags').pluck().all(), ['t1']);
  assert.equal(sqlite.prepare('SELECT name FROM tags WHERE id = ?').pluck().get('t1'), 'billing');
  assert.deepEqual(repository.getState('checkpoint'), { updatedAt: 1_700_003_600, id: 'c1' });

  const rowId = rowIdOf('c1');
  for (const word of ['invoice', 'amount', 'ledger', 'rounding', 'refunds']) {
    assert.deepEqual(searchIds(temp.database, word), [rowId], `search for ${word}`);
  }
  const snippet = sqlite
    .prepare(
      `SELECT snippet(conversations_fts, 1, '[', ']', '…', 6) FROM conversations_fts WHERE conversations_fts MATCH 'rounding'`,
    )
    .pluck()
    .get() as string;
  assert.match(snippet, /\[rounding\]/);
});

test('rewriting a conversation replaces its parts and search document and keeps its row_id', () => {
  repository.writeConversations([
    conversationWrite('c1', { parts: ['alpha', 'bravo', 'charlie'] }),
    conversationWrite('c2', { parts: ['delta'] }),
  ]);
  const rowId = rowIdOf('c1');

  repository.writeConversations([conversationWrite('c1', { parts: ['alpha'], updatedAt: 1_700_009_000 })]);
  assert.deepEqual(partTexts('c1'), ['alpha']);
  assert.equal(rowIdOf('c1'), rowId);
  assert.deepEqual(searchIds(temp.database, 'charlie'), []);
  assert.deepEqual(searchIds(temp.database, 'alpha'), [rowId]);

  repository.writeConversations([conversationWrite('c1', { parts: ['alpha', 'echo', 'foxtrot', 'golf'] })]);
  assert.deepEqual(partTexts('c1'), ['alpha', 'echo', 'foxtrot', 'golf']);
  assert.equal(rowIdOf('c1'), rowId);
  assert.deepEqual(searchIds(temp.database, 'golf'), [rowId]);
  assert.deepEqual(partTexts('c2'), ['delta']);
  assert.equal(
    sqliteOf(temp.database).prepare('SELECT parts_stored FROM conversations WHERE id = ?').pluck().get('c1'),
    4,
  );
  // FTS5's own check compares the index with the documents the view builds from the rows.
  sqliteOf(temp.database)
    .prepare(`INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1)`)
    .run();
});

test('writing the same page twice leaves the same state', () => {
  const page = [
    conversationWrite('c1', { tags: [{ id: 't1', name: 'bug' }] }),
    conversationWrite('c2', { contacts: [{ id: 'u9', email: 'x@y.org' }] }),
  ];
  const state = { checkpoint: { updatedAt: 1_700_003_600, id: 'c2' } };
  repository.writeConversations(page, state);
  const first = snapshot();
  repository.writeConversations(page, state);
  assert.deepEqual(snapshot(), first);
});

test('a page that fails half-way writes nothing, not even its state', () => {
  repository.writeConversations([conversationWrite('c1', { parts: ['kept text'] })], {
    checkpoint: { updatedAt: 1, id: 'c1' },
  });
  const before = snapshot();
  const broken = conversationWrite('c3');
  (broken.conversation as { state: string | null }).state = null; // violates NOT NULL
  assert.throws(
    () =>
      repository.writeConversations(
        [conversationWrite('c1', { parts: ['replaced text'] }), conversationWrite('c2'), broken],
        { checkpoint: { updatedAt: 2, id: 'c3' } },
      ),
    (error: unknown) =>
      error instanceof FicError && error.code === 'database' && /NOT NULL/.test(error.message),
  );
  assert.deepEqual(snapshot(), before);
  assert.deepEqual(searchIds(temp.database, 'kept'), [rowIdOf('c1')]);
});

test('contact stubs fill in unknown contacts but never overwrite fetched ones', () => {
  repository.upsertContacts([
    { id: 'u1', email: 'real@Company.io', name: 'Real Name', role: 'user', created_at: 5, synced_at: 10 },
  ]);
  repository.writeConversations([
    conversationWrite('c1', {
      contacts: [
        { id: 'u1', email: 'stale@old.example', name: 'Old' },
        { id: 'u2', email: null },
      ],
    }),
  ]);
  repository.writeConversations([
    conversationWrite('c2', { contacts: [{ id: 'u2', email: 'late@found.net' }] }),
  ]);
  const contacts = sqliteOf(temp.database)
    .prepare('SELECT id, email, email_domain, name, fetched FROM contacts ORDER BY id')
    .all();
  assert.deepEqual(contacts, [
    { id: 'u1', email: 'real@Company.io', email_domain: 'company.io', name: 'Real Name', fetched: 1 },
    { id: 'u2', email: 'late@found.net', email_domain: 'found.net', name: null, fetched: 0 },
  ]);
  assert.deepEqual(repository.contactsToFetch(['u3', 'u1', 'u2', 'u3']), ['u3', 'u2']);
});

test('storedUpdatedAt reports the stored timestamps of known ids', () => {
  repository.writeConversations([
    conversationWrite('c1', { updatedAt: 1_700_000_100 }),
    conversationWrite('c2', { updatedAt: 1_700_000_200 }),
  ]);
  const ids = ['c2', 'missing', 'c1', ...Array.from({ length: 40_000 }, (_, i) => `x${i}`)];
  assert.deepEqual(
    repository.storedUpdatedAt(ids),
    new Map([
      ['c2', 1_700_000_200],
      ['c1', 1_700_000_100],
    ]),
  );
});

test('admins and teams are replaced, tags upserted, and a conversation keeps known tag names', () => {
  const admin = { away_mode_enabled: 0, away_mode_reassign: 0, has_inbox_seat: 1, synced_at: 1 } as const;
  repository.replaceAdmins([
    { id: 'a1', name: 'Ada', ...admin },
    { id: 'a2', name: 'Bob', ...admin },
  ]);
  repository.replaceTeams([{ team: { id: 'tm1', name: 'Support', synced_at: 1 }, adminIds: ['a1', 'a2'] }]);
  repository.replaceAdmins([{ id: 'a2', name: 'Bob B.', ...admin }]);
  repository.replaceTeams([{ team: { id: 'tm2', name: 'Billing', synced_at: 2 }, adminIds: ['a2'] }]);
  repository.upsertTags([{ id: 't1', name: 'bug', synced_at: 1 }]);
  repository.upsertTags([{ id: 't1', name: 'defect', synced_at: 2 }]);
  repository.writeConversations([conversationWrite('c1', { tags: [{ id: 't1', name: 'old name' }] })]);

  const sqlite = sqliteOf(temp.database);
  assert.deepEqual(sqlite.prepare('SELECT id, name FROM admins').all(), [{ id: 'a2', name: 'Bob B.' }]);
  assert.deepEqual(sqlite.prepare('SELECT id, name FROM teams').all(), [{ id: 'tm2', name: 'Billing' }]);
  assert.deepEqual(sqlite.prepare('SELECT team_id, admin_id FROM team_admins').all(), [
    { team_id: 'tm2', admin_id: 'a2' },
  ]);
  assert.deepEqual(sqlite.prepare('SELECT id, name FROM tags').all(), [{ id: 't1', name: 'defect' }]);
});

test('sync state holds JSON values by key; undefined removes a key', () => {
  assert.equal(repository.getState('pending'), undefined);
  repository.setState('pending', { since: 5, until: 9 });
  assert.deepEqual(repository.getState('pending'), { since: 5, until: 9 });
  repository.writeConversations([conversationWrite('c1')], {
    pending: undefined,
    checkpoint: { updatedAt: 1, id: 'c1' },
  });
  assert.equal(repository.getState('pending'), undefined);
  assert.deepEqual(repository.getState('checkpoint'), { updatedAt: 1, id: 'c1' });
});

test('counts and coverage describe what is stored', () => {
  assert.deepEqual(repository.coverage(), { oldestCreatedAt: null, newestUpdatedAt: null });
  repository.writeConversations([
    conversationWrite('c1', { createdAt: 1_600_000_000, updatedAt: 1_600_000_500, parts: ['a', 'b'] }),
    conversationWrite('c2', { createdAt: 1_650_000_000, updatedAt: 1_690_000_000, parts: ['c'] }),
  ]);
  repository.upsertTags([{ id: 't1', name: 'x', synced_at: 1 }]);
  assert.deepEqual(repository.counts(), {
    conversations: 2,
    parts: 3,
    contacts: 2,
    admins: 0,
    teams: 0,
    tags: 1,
  });
  assert.deepEqual(repository.coverage(), { oldestCreatedAt: 1_600_000_000, newestUpdatedAt: 1_690_000_000 });
});

test("parts kept from before the API's 500-part window keep their attachments and their JSON", () => {
  const sqlite = sqliteOf(temp.database);
  const attachment = (partId: string) => ({
    part_id: partId,
    position: 0,
    name: `${partId}.png`,
    url: `https://files.test/${partId}.png`,
    content_type: 'image/png',
    filesize: 10,
    width: null,
    height: null,
  });
  const partJson = (id: string, createdAt: number) => ({
    type: 'conversation_part',
    id,
    created_at: createdAt,
  });
  const first = conversationWrite('c1', { parts: ['alpha', 'bravo', 'charlie'] });
  const firstJson = {
    id: 'c1',
    conversation_parts: { conversation_parts: first.parts.map((part) => partJson(part.id, part.created_at)) },
  };
  repository.writeConversations([
    {
      ...first,
      attachments: first.parts.map((part) => attachment(part.id)),
      rawPayload: { encoding: BUILT_IN_ENCODING, body: compressPayload(JSON.stringify(firstJson)) },
    },
  ]);
  // The API now shows only the two most recent of four parts: the oldest two fall out of its window.
  const later = conversationWrite('c1', { parts: ['alpha', 'bravo', 'charlie', 'delta'] });
  const window = later.parts.slice(2).map((part, position) => ({ ...part, position }));
  repository.writeConversations([
    {
      ...later,
      conversation: { ...later.conversation, parts_total_count: 4 },
      parts: window,
      attachments: window.map((part) => attachment(part.id)),
      rawPayload: {
        encoding: BUILT_IN_ENCODING,
        body: compressPayload(
          JSON.stringify({
            id: 'c1',
            conversation_parts: {
              conversation_parts: window.map((part) => partJson(part.id, part.created_at)),
            },
          }),
        ),
      },
    },
  ]);
  assert.deepEqual(partTexts('c1'), ['alpha', 'bravo', 'charlie', 'delta']);
  assert.deepEqual(
    sqlite.prepare('SELECT part_id FROM conversation_attachments ORDER BY part_id').pluck().all(),
    later.parts.map((part) => part.id).sort(),
  );
  const [stored] = readRawPayloads(temp.database, 'conversation', null, 1);
  assert.deepEqual(
    (JSON.parse(stored!.keptParts!) as { id: string }[]).map((part) => part.id),
    first.parts.slice(0, 2).map((part) => part.id),
  );
});
