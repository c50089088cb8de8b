import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@fastintercom/fake-intercom';
import { sqliteOf } from '@fastintercom/core/internal';
import { getRecentConversations } from '../../src/queries/get-recent-conversations.js';
import type { GetRecentConversationsInput } from '../../src/queries/query-types.js';
import { buildConversation, DAY, HOUR, NOW } from './conversation-builder.js';
import type { ConversationSpec } from './conversation-builder.js';
import { createQueryFixture, DIRECTORY } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';

/**
 * Issue 16: the recent list walks a different index per filter combination (a link table for tags and
 * customers, merged walks for names matching several ids). Its pages and cursors must equal a plain
 * computation over the stored rows, on a seeded workspace whose conversations were then rewritten by
 * the sync's writer and by raw SQL (which only the triggers keep the link tables in step with).
 */
const random = seededRandom(1611);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const CONTACTS = [...DIRECTORY.contacts.keys()];
const TAGS = ['g1', 'g2', 'g3', 'g4'];
// Few distinct times, so many conversations tie on updated_at and row_id decides.
const time = (): number => NOW - Math.floor(random() * 12) * 6 * HOUR;

function randomSpec(id: string): ConversationSpec {
  const createdAt = NOW - 4 * DAY + Math.floor(random() * 8) * 6 * HOUR;
  const customer = pick(CONTACTS);
  return {
    id,
    createdAt,
    updatedAt: time(),
    state: pick(['open', 'closed', 'snoozed'] as const),
    customer,
    otherContacts: random() < 0.2 ? [pick(CONTACTS.filter((contact) => contact !== customer))] : [],
    admin: pick(['a1', 'a2', 'a4', null]),
    team: pick(['t1', 't2', null]),
    tags: TAGS.filter(() => random() < 0.35),
  };
}

let fixture: QueryFixture;
before(async () => {
  const specs = Array.from({ length: 240 }, (_, i) => randomSpec(`r${i}`));
  fixture = await createQueryFixture(specs);
  const sqlite = sqliteOf(fixture.database);
  // A tag and an admin sharing a name with another: a name filter resolves to two ids.
  sqlite.exec(`UPDATE tags SET name = 'Billing' WHERE id = 'g4';
    INSERT INTO admins (id, name, email, synced_at) VALUES ('a4', 'Alice Admin', 'alice2@corp.test', 0);`);
  // Later syncs: the writer replaces a conversation's links and moves its updated_at.
  const rewritten = specs.filter(() => random() < 0.3).map((spec) => ({ ...randomSpec(spec.id) }));
  fixture.repository.writeConversations(rewritten.map((spec) => buildConversation(spec, DIRECTORY)));
  // Other writers: only the triggers carry these to the link tables.
  const bump = sqlite.prepare('UPDATE conversations SET updated_at = ?, cx_score_rating = ? WHERE id = ?');
  for (const spec of specs) {
    if (random() < 0.15) bump.run(time(), random() < 0.5 ? null : 1 + Math.floor(random() * 5), spec.id);
  }
  sqlite
    .prepare(
      `INSERT INTO conversation_tags (conversation_id, tag_id) SELECT id, 'g3' FROM conversations
        WHERE row_id % 7 = 0 AND id NOT IN (SELECT conversation_id FROM conversation_tags WHERE tag_id = 'g3')`,
    )
    .run();
});
after(() => fixture.close());

interface StoredRow {
  row_id: number;
  id: string;
  state: string;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  created_at: number;
  updated_at: number;
  cx_score_rating: number | null;
}

/** The list by definition: every stored row passing every filter, newest updated_at then row_id first. */
function reference(input: GetRecentConversationsInput): string[] {
  const sqlite = sqliteOf(fixture.database);
  const rows = sqlite.prepare('SELECT * FROM conversations').all() as StoredRow[];
  const links = (sql: string): Map<string, Set<string>> => {
    const map = new Map<string, Set<string>>();
    for (const [conversation, value] of sqlite.prepare(sql).raw().all() as [string, string][]) {
      map.set(conversation, (map.get(conversation) ?? new Set()).add(value));
    }
    return map;
  };
  const tagsOf = links('SELECT conversation_id, tag_id FROM conversation_tags');
  const emailsOf = links(
    `SELECT cc.conversation_id, lower(ct.email) FROM conversation_contacts cc JOIN contacts ct ON ct.id = cc.contact_id`,
  );
  const named = (table: string, value: string): Set<string> =>
    new Set(
      (
        sqlite
          .prepare(`SELECT id, name, ${table === 'admins' ? 'email' : 'NULL'} AS email FROM ${table}`)
          .all() as {
          id: string;
          name: string;
          email: string | null;
        }[]
      )
        .filter((row) =>
          [row.id, row.name.toLowerCase(), row.email?.toLowerCase()].includes(value.toLowerCase()),
        )
        .map((row) => row.id),
    );
  const unix = (iso: string | undefined): number | undefined =>
    iso === undefined ? undefined : Date.parse(iso) / 1000;
  const since = unix(input.since);
  const until = unix(input.until);
  const admins = input.adminAssignee === undefined ? undefined : named('admins', input.adminAssignee);
  const teams = input.teamAssignee === undefined ? undefined : named('teams', input.teamAssignee);
  const tags = input.tag === undefined ? undefined : named('tags', input.tag);
  return rows
    .filter((row) => {
      const at = input.dateField === 'created' ? row.created_at : row.updated_at;
      return (
        (input.state === undefined || row.state === input.state) &&
        (since === undefined || at >= since) &&
        (until === undefined || at < until) &&
        (admins === undefined || admins.has(row.admin_assignee_id ?? '')) &&
        (teams === undefined || teams.has(row.team_assignee_id ?? '')) &&
        (tags === undefined || [...(tagsOf.get(row.id) ?? [])].some((tag) => tags.has(tag))) &&
        (input.customerEmail === undefined ||
          (emailsOf.get(row.id)?.has(input.customerEmail.toLowerCase()) ?? false)) &&
        (input.cxScore === undefined || (row.cx_score_rating !== null && row.cx_score_rating <= 2))
      );
    })
    .sort((a, b) => b.updated_at - a.updated_at || b.row_id - a.row_id)
    .map((row) => row.id);
}

function randomInput(): GetRecentConversationsInput {
  const input: GetRecentConversationsInput = {};
  const iso = (unix: number): string => new Date(unix * 1000).toISOString();
  if (random() < 0.3) input.state = pick(['open', 'closed', 'snoozed'] as const);
  if (random() < 0.3) input.adminAssignee = pick(['a1', 'a2', 'alice admin', 'bob@corp.test']);
  if (random() < 0.3) input.teamAssignee = pick(['t1', 'Support']);
  if (random() < 0.4) input.tag = pick(['g1', 'g2', 'g3', 'billing']);
  if (random() < 0.3) input.customerEmail = pick(['ann@acme.test', 'DAN@delta.test', 'ben@beta.test']);
  if (random() < 0.3) input.since = iso(NOW - Math.floor(random() * 4 * DAY));
  if (random() < 0.2) input.until = iso(NOW - Math.floor(random() * DAY));
  if (input.since !== undefined && input.until !== undefined && input.since >= input.until)
    delete input.until;
  if (random() < 0.3) input.dateField = 'created';
  if (random() < 0.2) input.cxScore = '<=2';
  return input;
}

test('pages and cursors equal the plain computation for random filter combinations', () => {
  let nonEmpty = 0;
  for (let round = 0; round < 300; round++) {
    const input = randomInput();
    const expected = reference(input);
    if (expected.length > 0) nonEmpty++;
    const limit = 1 + Math.floor(random() * 8);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const result = getRecentConversations(fixture.database, { now: NOW, ...input, limit, cursor });
      const ids = result.conversations.map((conversation) => conversation.id);
      const label = `${JSON.stringify(input)} limit ${limit} page ${page}`;
      assert.deepEqual(ids, expected.slice(page * limit, (page + 1) * limit), label);
      seen.push(...ids);
      assert.equal(result.nextCursor !== null, expected.length > (page + 1) * limit, label);
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    assert.deepEqual(seen, expected);
  }
  // The combinations must exercise the lists, not only empty ones.
  assert.ok(nonEmpty > 150, `${nonEmpty} of 300 combinations match rows`);
});
