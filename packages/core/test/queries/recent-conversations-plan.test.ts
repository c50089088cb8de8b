import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { recentConversationsSql, sqliteOf } from '@fastintercom/core/internal';
import { getRecentConversations } from '../../src/queries/get-recent-conversations.js';
import type { GetRecentConversationsInput } from '../../src/queries/query-types.js';
import { NOW } from './conversation-builder.js';
import { createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';

/**
 * Issue 16: every filter combination of the recent list walks an index in the list's order and stops at
 * the page. EXPLAIN QUERY PLAN of the very statement the query runs must neither sort (a temp B-tree
 * reads every matching row before the first is returned) nor scan conversations without an index.
 */
let fixture: QueryFixture;
let cursor: string;
before(async () => {
  fixture = await createQueryFixture();
  // A name matching several ids (a tag and an admin renamed alike) walks one index per id and merges.
  sqliteOf(fixture.database).exec(`
    INSERT INTO tags (id, name, synced_at) VALUES ('g4', 'Billing', 0);
    INSERT INTO admins (id, name, email, synced_at) VALUES ('a4', 'Alice Admin', 'alice2@corp.test', 0);`);
  cursor = getRecentConversations(fixture.database, { now: NOW, limit: 2 }).nextCursor!;
});
after(() => fixture.close());

/** One value per filter, each matching stored rows of the curated workspace. */
const FILTERS: Record<string, GetRecentConversationsInput> = {
  state: { state: 'open' },
  admin: { adminAssignee: 'a1' },
  team: { teamAssignee: 't1' },
  tag: { tag: 'g1' },
  tagName: { tag: 'billing' },
  adminName: { adminAssignee: 'alice admin' },
  customer: { customerEmail: 'ann@acme.test' },
  since: { since: '2020-01-01T00:00:00Z' },
  until: { until: '2100-01-01T00:00:00Z' },
  createdWindow: { since: '2020-01-01T00:00:00Z', dateField: 'created' },
  attribute: { attributes: ['Plan=Enterprise'] },
  cxScore: { cxScore: '<=2' },
  aiAgent: { aiAgent: 'resolved' },
  sla: { slaStatus: 'missed' },
};

/** Nothing, each filter alone, every pair, everything; each also from a cursor. */
function combinations(): [string, GetRecentConversationsInput][] {
  const names = Object.keys(FILTERS);
  const sets: string[][] = [[], ...names.map((name) => [name]), names];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) sets.push([names[i]!, names[j]!]);
  }
  return sets.flatMap((set) => {
    const input = Object.assign({}, ...set.map((name) => FILTERS[name])) as GetRecentConversationsInput;
    const label = set.join('+') || 'no filter';
    return [
      [label, input],
      [`${label}, from a cursor`, { ...input, cursor }],
    ] as [string, GetRecentConversationsInput][];
  });
}

function plan(input: GetRecentConversationsInput): string[] {
  const { sql, params } = recentConversationsSql(fixture.database, { now: NOW, ...input });
  const rows = sqliteOf(fixture.database)
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params) as { detail: string }[];
  return rows.map((row) => row.detail);
}

/** The steps that read conversations or a link table (the walk and its joins). */
const WALK_STEP = /^(SCAN|SEARCH) (c|k)\b/;

test('no filter combination sorts or scans conversations without an index', () => {
  const cases = combinations();
  assert.ok(cases.length > 150, `${cases.length} combinations`);
  for (const [label, input] of cases) {
    const steps = plan(input);
    const text = steps.join('\n');
    // The only sort allowed is of one merged walk's output, which its LIMIT bounds to the page: a
    // customer email or a name matching several ids walks one index per id (see recentConversationsSql).
    steps.forEach((step, i) => {
      if (!/USE TEMP B-TREE/.test(step)) return;
      assert.match(
        steps[i - 1]!,
        /^SCAN \(subquery-\d+\)$/,
        `${label} sorts more than a bounded walk:\n${text}`,
      );
    });
    const reads = steps.filter((step) => WALK_STEP.test(step));
    assert.ok(reads.length > 0, `${label} reads conversations:\n${text}`);
    for (const step of reads) {
      assert.match(
        step,
        / USING (COVERING )?INDEX (conversations_|conversation_(tags|contacts)_recent)| USING INTEGER PRIMARY KEY \(rowid=\?\)/,
        `${label} reads without its index:\n${text}`,
      );
    }
    const walks = reads.filter((step) => / USING (COVERING )?INDEX /.test(step));
    assert.ok(walks.length > 0, `${label} walks an index:\n${text}`);
  }
});

test('the most selective equality leads the walk: customer, tag, assignee, team, state', () => {
  const walk = (input: GetRecentConversationsInput): string =>
    plan(input).find((step) => / USING (COVERING )?INDEX /.test(step) && WALK_STEP.test(step))!;
  assert.match(walk({}), /INDEX conversations_recent\b/);
  assert.match(walk({ state: 'open' }), /INDEX conversations_state_recent \(state=\?\)/);
  assert.match(walk({ adminAssignee: 'a1', state: 'open' }), /INDEX conversations_admin_recent/);
  assert.match(walk({ teamAssignee: 't1' }), /INDEX conversations_team_recent/);
  assert.match(walk({ teamAssignee: 't1', adminAssignee: 'a1' }), /INDEX conversations_admin_recent/);
  assert.match(walk({ since: '2020-01-01T00:00:00Z' }), /INDEX conversations_recent \(updated_at>\?\)/);
  assert.match(walk({ tag: 'g1', adminAssignee: 'a1' }), /INDEX conversation_tags_recent \(tag_id=\?\)/);
  assert.match(
    walk({ tag: 'g1', since: '2020-01-01T00:00:00Z' }),
    /INDEX conversation_tags_recent \(tag_id=\? AND updated_at>\?\)/,
  );
  assert.match(
    walk({ customerEmail: 'dan@delta.test', tag: 'g1', state: 'open' }),
    /INDEX conversation_contacts_recent \(contact_id=\?\)/,
  );
  // A created-date window cannot lead an updated_at index: the walk is the key's, filtered.
  assert.match(
    walk({ tag: 'g1', since: '2020-01-01T00:00:00Z', dateField: 'created' }),
    /INDEX conversation_tags_recent \(tag_id=\?\)$/,
  );
  const tagPlan = plan({ tag: 'g1', customerEmail: 'dan@delta.test' }).join('\n');
  assert.match(tagPlan, /SEARCH x EXISTS USING PRIMARY KEY \(conversation_id=\? AND tag_id=\?\)/);
  assert.doesNotMatch(tagPlan, /LIST SUBQUERY/);
});

test('the statement explained is the one the query runs (its rows are the page)', () => {
  for (const [label, input] of combinations().filter(([name]) => !name.includes('cursor'))) {
    const { conversations } = getRecentConversations(fixture.database, { now: NOW, limit: 100, ...input });
    const { sql, params } = recentConversationsSql(fixture.database, { now: NOW, limit: 100, ...input });
    const rows = sqliteOf(fixture.database)
      .prepare(sql)
      .all(...params) as { id: string }[];
    assert.deepEqual(
      conversations.map((conversation) => conversation.id),
      rows.slice(0, 100).map((row) => row.id),
      label,
    );
  }
});
