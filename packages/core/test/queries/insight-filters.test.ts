import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom, WorkspaceTruth } from '@fastintercom/fake-intercom';
import { openDatabase } from '../../src/db/open-database.js';
import type { FicDatabase } from '../../src/db/open-database.js';
import { getRecentConversations } from '../../src/queries/get-recent-conversations.js';
import { getTeamPerformance } from '../../src/queries/get-team-performance.js';
import type { ConversationFilters } from '../../src/queries/query-types.js';
import { searchConversations } from '../../src/queries/search-conversations.js';
import { runSync } from '../../src/sync/run-sync.js';
import { FAST_RETRIES, tempDatabase, testConfig } from '../sync/fixtures/sync-fixtures.js';

type TruthConversation = WorkspaceTruth['conversations'][number];

let fake: FakeIntercom;
let database: FicDatabase;
let truth: WorkspaceTruth;
let cleanup: () => void;
const NOW = () => Math.floor(Date.now() / 1000);

before(async () => {
  fake = await startFakeIntercom({ rateLimitPerMinute: 0, realistic: true, conversations: 400, seed: 11 });
  const temp = tempDatabase();
  cleanup = temp.cleanup;
  const run = await runSync(testConfig(fake, temp.dbPath), { mode: 'full', client: FAST_RETRIES });
  assert.equal(run.status, 'succeeded');
  truth = fake.truth();
  database = await openDatabase(temp.dbPath);
});
after(async () => {
  await database.close();
  await fake.close();
  cleanup();
});

/** Every conversation id the filters keep, through every page of get_recent_conversations. */
function recentIds(filters: ConversationFilters): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const result = getRecentConversations(database, { ...filters, limit: 100, cursor, now: NOW() });
    ids.push(...result.conversations.map((conversation) => conversation.id));
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return ids.sort();
}

const truthIds = (keep: (conversation: TruthConversation) => boolean): string[] =>
  truth.conversations
    .filter(keep)
    .map((conversation) => conversation.id)
    .sort();

const cxScore = (conversation: TruthConversation): unknown =>
  conversation.custom_attributes['CX Score rating'];
const state = (conversation: TruthConversation): unknown => conversation.ai_agent?.['resolution_state'];

test('Fin, SLA and CX Score filters keep exactly the conversations the workspace says', () => {
  const since = '3650d';
  const cases: [ConversationFilters, (conversation: TruthConversation) => boolean][] = [
    [{ aiAgent: 'participated' }, (c) => c.ai_agent_participated],
    [{ aiAgent: 'not_participated' }, (c) => !c.ai_agent_participated],
    [
      { aiAgent: 'resolved' },
      (c) =>
        c.ai_agent_participated && ['assumed_resolution', 'confirmed_resolution'].includes(String(state(c))),
    ],
    [
      { aiAgent: 'handed_over' },
      (c) => c.ai_agent_participated && ['escalated', 'procedure_handoff'].includes(String(state(c))),
    ],
    [{ slaStatus: 'missed' }, (c) => c.sla_applied?.sla_status === 'missed'],
    [{ cxScore: '<=2' }, (c) => typeof cxScore(c) === 'number' && (cxScore(c) as number) <= 2],
    [
      { attributes: ['CX Score rating>=4'] },
      (c) => typeof cxScore(c) === 'number' && (cxScore(c) as number) >= 4,
    ],
  ];
  for (const [filters, keep] of cases) {
    const expected = truthIds(keep);
    assert.ok(expected.length > 0, `the workspace has conversations for ${JSON.stringify(filters)}`);
    assert.deepEqual(recentIds({ ...filters, since }), expected, JSON.stringify(filters));
  }
});

test('a custom attribute of the workspace filters by text, case-insensitively', () => {
  // A text attribute some but not all conversations hold.
  const pairs = new Map<string, number>();
  for (const conversation of truth.conversations) {
    for (const [name, value] of Object.entries(conversation.custom_attributes)) {
      if (
        typeof value === 'string' &&
        !name.startsWith('CX Score') &&
        value.length < 40 &&
        !/[<>=!~"]/.test(name)
      ) {
        const key = JSON.stringify([name, value]);
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  const [key] = [...pairs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  const [name, value] = JSON.parse(key) as [string, string];
  const expected = truthIds((c) => String(c.custom_attributes[name]).toLowerCase() === value.toLowerCase());
  assert.ok(expected.length > 0 && expected.length < truth.conversations.length);
  assert.deepEqual(recentIds({ attributes: [`${name}=${value.toUpperCase()}`], since: '3650d' }), expected);
  // The structured form (the MCP tools') means the same.
  assert.deepEqual(recentIds({ attributes: [{ name, op: '=', value }], since: '3650d' }), expected);
});

test('search and team performance take the same filters', () => {
  const handedOver = new Set(
    truthIds((c) => c.ai_agent_participated && ['escalated', 'procedure_handoff'].includes(String(state(c)))),
  );
  const found = searchConversations(database, {
    aiAgent: 'handed_over',
    limit: 50,
    since: '3650d',
    now: NOW(),
  });
  assert.ok(found.hits.length > 0);
  for (const hit of found.hits) assert.ok(handedOver.has(hit.id), `${hit.id} was handed over`);

  const period = getTeamPerformance(database, { since: '3650d', now: NOW() }).period;
  const inPeriod = (c: TruthConversation): boolean =>
    c.created_at >= period.sinceUnix && c.created_at < period.untilUnix;
  const team = getTeamPerformance(database, { since: '3650d', aiAgent: 'handed_over', now: NOW() });
  const counted = team.groups.reduce((sum, group) => sum + group.assigned, 0) + team.unassigned;
  assert.equal(counted, truthIds((c) => handedOver.has(c.id) && inPeriod(c)).length);
  const all = getTeamPerformance(database, { since: '3650d', now: NOW() });
  assert.ok(counted < all.groups.reduce((sum, group) => sum + group.assigned, 0) + all.unassigned);
});

test('malformed filters are refused with what to write', () => {
  assert.throws(() => recentIds({ cxScore: 'low' }), /cxScore must be a number or a bound/);
  assert.throws(() => recentIds({ attributes: ['Plan'] }), /NAME OP VALUE/);
  assert.throws(() => recentIds({ aiAgent: 'maybe' as never }), /aiAgent must be one of/);
});
