import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSyncStatus } from '../../src/queries/get-sync-status.js';
import { getTeamPerformance } from '../../src/queries/get-team-performance.js';
import type { PerformanceMetrics, TeamPerformanceResult } from '../../src/queries/query-types.js';
import { DAY, NOW, syntheticConversations } from './conversation-builder.js';
import type { ConversationSpec } from './conversation-builder.js';
import { createEmptyDatabase, createQueryFixture, curatedConversations } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';
import { sqliteOf } from '@fastintercom/core/internal';

/**
 * Team performance against an independent computation: plain JavaScript over the rows read back from
 * conversations and conversation_parts, applying the documented definitions to the parts (not to the
 * statistics columns the query reads).
 */
let fixture: QueryFixture;
before(async () => {
  const synthetic = syntheticConversations({
    count: 240,
    seed: 11,
    now: NOW,
    days: 75,
    admins: ['a1', 'a2', 'a3'],
    teams: ['t1', 't2'],
    tags: ['g1', 'g2', 'g3'],
    contacts: ['u1', 'u2', 'u4', 'u5'],
    truncatedShare: 0,
  });
  // Every thread complete, so the parts alone can answer every metric.
  const curated = curatedConversations().filter((spec) => spec.truncated === undefined);
  // On the period's edges: since is inclusive, until exclusive.
  const edges: ConversationSpec[] = [NOW - 30 * DAY, NOW].map((createdAt) => ({
    id: `c-edge-${createdAt}`,
    createdAt,
    customer: 'u2',
    admin: 'a2',
    team: 't2',
    parts: [{ by: 'a2', at: createdAt + 77, body: 'On the edge.' }],
  }));
  fixture = await createQueryFixture([...curated, ...synthetic, ...edges]);
});
after(() => fixture.close());

interface RawConversation {
  id: string;
  created_at: number;
  state: string;
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  source_delivered_as: string | null;
  source_author_type: string | null;
  rating_value: number | null;
}
interface RawPart {
  conversation_id: string;
  position: number;
  part_type: string;
  author_type: string | null;
  created_at: number;
}

function middle(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length / 2;
  return Number.isInteger(half) ? (sorted[half - 1]! + sorted[half]!) / 2 : sorted[Math.floor(half)]!;
}

function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1]!;
}

function independent(
  groupBy: 'admin' | 'team',
  since: number,
  until: number,
): Omit<TeamPerformanceResult, 'period' | 'groupBy'> {
  const sqlite = sqliteOf(fixture.database);
  const conversations = sqlite.prepare('SELECT * FROM conversations').all() as RawConversation[];
  const parts = sqlite.prepare('SELECT * FROM conversation_parts').all() as RawPart[];
  const threads = new Map<string, RawPart[]>();
  for (const part of parts)
    threads.set(part.conversation_id, [...(threads.get(part.conversation_id) ?? []), part]);

  const measure = (list: RawConversation[]): PerformanceMetrics => {
    const firstResponses: number[] = [];
    const closeTimes: number[] = [];
    let reopened = 0;
    for (const conversation of list) {
      const thread = (threads.get(conversation.id) ?? []).sort((a, b) => a.position - b.position);
      const customerInitiated =
        conversation.source_delivered_as === null
          ? ['user', 'lead', 'contact'].includes(conversation.source_author_type ?? '')
          : conversation.source_delivered_as === 'customer_initiated';
      const reply = thread.find((part) => part.part_type === 'comment' && part.author_type === 'admin');
      if (customerInitiated && reply !== undefined)
        firstResponses.push(reply.created_at - conversation.created_at);
      const closes = thread.filter((part) => part.part_type === 'close');
      if (conversation.state === 'closed' && closes.length > 0) {
        closeTimes.push(closes[closes.length - 1]!.created_at - conversation.created_at);
      }
      if (thread.some((part) => part.part_type === 'open')) reopened += 1;
    }
    const ratings = list.map((c) => c.rating_value).filter((value): value is number => value !== null);
    return {
      assigned: list.length,
      closed: list.filter((c) => c.state === 'closed').length,
      firstResponse: {
        count: firstResponses.length,
        medianSeconds: middle(firstResponses),
        p90Seconds: nearestRank(firstResponses, 0.9),
      },
      timeToClose: { count: closeTimes.length, medianSeconds: middle(closeTimes) },
      reopened,
      reopenRate: list.length === 0 ? null : Math.round((reopened / list.length) * 10_000) / 10_000,
      rating: {
        count: ratings.length,
        average:
          ratings.length === 0
            ? null
            : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100,
      },
    };
  };

  const inPeriod = conversations.filter((c) => c.created_at >= since && c.created_at < until);
  const key = (c: RawConversation) => (groupBy === 'admin' ? c.admin_assignee_id : c.team_assignee_id);
  const ids = [...new Set(inPeriod.map(key).filter((id): id is string => id !== null))];
  const names = new Map(
    (
      sqlite.prepare(`SELECT id, name FROM ${groupBy === 'admin' ? 'admins' : 'teams'}`).all() as {
        id: string;
        name: string;
      }[]
    ).map((row) => [row.id, row.name]),
  );
  const groups = ids
    .map((id) => ({ id, name: names.get(id) ?? null, ...measure(inPeriod.filter((c) => key(c) === id)) }))
    .sort((a, b) => b.assigned - a.assigned || a.id.localeCompare(b.id));
  return { groups, totals: measure(inPeriod), unassigned: inPeriod.filter((c) => key(c) === null).length };
}

describe('equals an independent computation from the raw parts', () => {
  for (const groupBy of ['admin', 'team'] as const) {
    test(`per ${groupBy}, default 30 days`, () => {
      const result = getTeamPerformance(fixture.database, { groupBy, now: NOW });
      assert.equal(result.groupBy, groupBy);
      assert.deepEqual(result.period, {
        since: new Date((NOW - 30 * DAY) * 1000).toISOString(),
        until: new Date(NOW * 1000).toISOString(),
        sinceUnix: NOW - 30 * DAY,
        untilUnix: NOW,
      });
      const expected = independent(groupBy, NOW - 30 * DAY, NOW);
      assert.deepEqual(
        { groups: result.groups, totals: result.totals, unassigned: result.unassigned },
        expected,
      );
      // The comparison is only worth something if the data exercises every metric.
      assert.ok(result.groups.length >= 2);
      assert.ok(result.totals.assigned > 50);
      assert.ok(result.totals.firstResponse.count > 20);
      assert.ok(result.totals.timeToClose.count > 10);
      assert.ok(result.totals.reopened > 0);
      assert.ok(result.totals.rating.count > 5);
      assert.ok(result.unassigned > 0);
    });
  }

  test('a custom period', () => {
    const since = Date.UTC(2026, 0, 10) / 1000;
    const until = Date.UTC(2026, 1, 10) / 1000;
    const result = getTeamPerformance(fixture.database, {
      since: '2026-01-10',
      until: '2026-02-10',
      now: NOW,
    });
    assert.deepEqual(result.period.sinceUnix, since);
    const expected = independent('admin', since, until);
    assert.deepEqual(
      { groups: result.groups, totals: result.totals, unassigned: result.unassigned },
      expected,
    );
  });
});

test('members narrow the groups (by id, name or email) but not the totals', () => {
  const all = getTeamPerformance(fixture.database, { now: NOW });
  const some = getTeamPerformance(fixture.database, {
    members: ['Alice Admin', 'carol@corp.test'],
    now: NOW,
  });
  assert.deepEqual(some.groups.map((group) => group.id).sort(), ['a1', 'a3']);
  assert.deepEqual(
    some.groups,
    all.groups.filter((group) => group.id !== 'a2'),
  );
  assert.deepEqual(some.totals, all.totals);
  assert.throws(() => getTeamPerformance(fixture.database, { members: ['nobody'], now: NOW }), {
    code: 'not_found',
  });
});

test("truncated threads use Intercom's statistics", async () => {
  const curated = await createQueryFixture(curatedConversations());
  try {
    // c-truncated (Alice) stores only its last parts; statistics say the first reply came after 600 s
    // and it was reopened. Alice's other customer-initiated reply: c-refund-subject after 1 h.
    const alice = getTeamPerformance(curated.database, { now: NOW }).groups.find(
      (group) => group.id === 'a1',
    )!;
    assert.deepEqual(alice.firstResponse, { count: 2, medianSeconds: 2100, p90Seconds: 3600 });
    assert.equal(alice.reopened, 1);
  } finally {
    await curated.close();
  }
});

test('a database without the query indexes (opened read-only, not migrated) gives the same answers', async () => {
  const withIndex = await createQueryFixture(curatedConversations());
  const without = await createQueryFixture(curatedConversations());
  try {
    sqliteOf(without.database).exec('DROP INDEX conversations_period_stats');
    for (const groupBy of ['admin', 'team'] as const) {
      assert.deepEqual(
        getTeamPerformance(without.database, { groupBy, now: NOW }),
        getTeamPerformance(withIndex.database, { groupBy, now: NOW }),
      );
    }
    assert.deepEqual(
      getSyncStatus(without.database, { now: NOW }),
      getSyncStatus(withIndex.database, { now: NOW }),
    );
  } finally {
    await withIndex.close();
    await without.close();
  }
});

test('validation and an empty database', async () => {
  assert.throws(() => getTeamPerformance(fixture.database, { groupBy: 'tag' as never }), {
    code: 'invalid_input',
  });
  assert.throws(() => getTeamPerformance(fixture.database, { since: 'a while ago' }), {
    code: 'invalid_input',
  });
  assert.throws(() => getTeamPerformance(fixture.database, { since: '2026-02-10', until: '2026-01-10' }), {
    code: 'invalid_input',
  });
  const empty = await createEmptyDatabase();
  try {
    assert.throws(() => getTeamPerformance(empty.database, {}), { code: 'empty_database' });
  } finally {
    await empty.close();
  }
});
