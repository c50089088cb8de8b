/**
 * Per-filter latency of the recent list (issue 16), next to the statement before migration 0011 (one
 * conversations index, tag and customer as IN (subquery) filters), on one seeded database.
 *
 *   node --conditions=@fastintercom/source --import tsx benchmarks/scripts/recent-filters.ts [conversations]
 *
 * The database is written with plain SQL (tags shared by the whole workspace, a few big customers), not
 * through the sync: this measures reads only; `fic bench --only scaling` measures the write path.
 *
 * Measured 2026-12-02 on the shared 2-core machine (other helpers running), statement p50 before ->
 * after at 1,000,000: common tag 228 -> 0.12 ms, rare tag 13 -> 0.12, big customer 9.2 -> 0.12, a
 * small customer 3,464 -> 0.05, big customer + common tag 235 -> 0.19, common tag + admin 218 -> 0.63;
 * unchanged where the walk already led (none, state, admin, team ~0.11). Still bounded by selectivity
 * of filters that cannot lead: admin + team + cxScore<=1 (1 in ~120 of the admin's rows) 4.5 -> 6.0
 * ms at 1M, 4.3 -> 4.2 at 100k (it does not grow with the workspace, only with 1/selectivity).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRecentConversations, openDatabase } from '@fastintercom/core';
import type { GetRecentConversationsInput } from '@fastintercom/core';
import { recentConversationsSql, sqliteOf } from '@fastintercom/core/internal';
import { seededRandom } from '@fastintercom/fake-intercom';
import { buildConversationFilters } from '../../packages/core/src/queries/conversation-filters.js';
import { indexHint } from '../../packages/core/src/queries/statement-cache.js';
import { latencyStats } from '../src/latency-stats.js';

const size = Number(process.argv[2] ?? 100_000);
const NOW = Date.UTC(2026, 0, 1) / 1000;
const DAY = 86_400;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-recent-filters-'));
const database = await openDatabase(path.join(dir, 'data.db'));
const sqlite = sqliteOf(database);
const random = seededRandom(16);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const STATES = ['open', 'closed', 'snoozed'];

const seedStarted = performance.now();
sqlite.transaction(() => {
  for (let i = 0; i < 20; i++) {
    sqlite
      .prepare('INSERT INTO admins (id, name, email, synced_at) VALUES (?, ?, ?, 0)')
      .run(`a${i}`, `Admin ${i}`, `a${i}@corp.test`);
  }
  for (let i = 0; i < 6; i++)
    sqlite.prepare('INSERT INTO teams (id, name, synced_at) VALUES (?, ?, 0)').run(`t${i}`, `Team ${i}`);
  for (let i = 0; i < 40; i++)
    sqlite.prepare('INSERT INTO tags (id, name, synced_at) VALUES (?, ?, 0)').run(`g${i}`, `tag ${i}`);
  const contacts = Math.max(10, Math.floor(size / 5));
  const contact = sqlite.prepare(
    `INSERT INTO contacts (id, role, email, synced_at) VALUES (?, 'user', ?, 0)`,
  );
  for (let i = 0; i < contacts; i++) contact.run(`u${i}`, `u${i}@customer.test`);
  const conversation = sqlite.prepare(
    `INSERT INTO conversations (id, created_at, updated_at, state, open, read, admin_assignee_id, team_assignee_id,
       contact_id, cx_score_rating, synced_at) VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?, ?, 0)`,
  );
  const link = sqlite.prepare(
    'INSERT INTO conversation_contacts (conversation_id, contact_id, position) VALUES (?, ?, 0)',
  );
  const tag = sqlite.prepare(
    'INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) VALUES (?, ?)',
  );
  for (let i = 0; i < size; i++) {
    const created = NOW - Math.floor(random() * 730 * DAY);
    const updated = Math.min(NOW, created + Math.floor(random() * 30 * DAY));
    // 1 in 100 conversations is one big customer's (u0), the rest spread over every contact.
    const customer = random() < 0.01 ? 'u0' : `u${Math.floor(random() * contacts)}`;
    const score = random() < 0.3 ? 1 + Math.floor(random() * 5) : null;
    conversation.run(
      `c${i}`,
      created,
      updated,
      pick(STATES),
      pick([null, ...Array.from({ length: 20 }, (_, a) => `a${a}`)]),
      pick([null, 't0', 't1', 't2', 't3', 't4', 't5']),
      customer,
      score,
    );
    link.run(`c${i}`, customer);
    // Zipf-like: tag 0 on a third of the workspace, tag 39 on a few.
    for (let t = 0; t < 2; t++) if (random() < 0.6) tag.run(`c${i}`, `g${Math.floor(40 * random() ** 2.5)}`);
  }
})();
sqlite.exec('ANALYZE');
console.error(`seeded ${size} conversations in ${Math.round(performance.now() - seedStarted)} ms`);

/** The statement before migration 0011: one conversations index, every other filter skips rows. */
function before(input: GetRecentConversationsInput): { sql: string; params: unknown[] } {
  const { conditions, params, equalities } = buildConversationFilters(database, input);
  const index =
    equalities.adminAssigneeId !== undefined
      ? 'conversations_admin_recent'
      : equalities.teamAssigneeId !== undefined
        ? 'conversations_team_recent'
        : equalities.state !== undefined
          ? 'conversations_state_recent'
          : 'conversations_recent';
  return {
    sql: `SELECT p.*, ct.email AS customer_email, ct.name AS customer_name, a.name AS admin_name, t.name AS team_name
       FROM (SELECT c.row_id, c.id, c.title, c.source_subject, c.state, c.created_at, c.updated_at,
                    c.waiting_since, c.contact_id, c.admin_assignee_id, c.team_assignee_id
               FROM conversations c ${indexHint(database, index)}
              ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
              ORDER BY c.updated_at DESC, c.row_id DESC
              LIMIT ?) p
       LEFT JOIN contacts ct ON ct.id = p.contact_id
       LEFT JOIN admins a ON a.id = p.admin_assignee_id
       LEFT JOIN teams t ON t.id = p.team_assignee_id
      ORDER BY p.updated_at DESC, p.row_id DESC`,
    params: [...params, 21],
  };
}

const FILTERS: Record<string, GetRecentConversationsInput> = {
  none: {},
  state: { state: 'open' },
  admin: { adminAssignee: 'a3' },
  team: { teamAssignee: 't2' },
  'common tag': { tag: 'g0' },
  'rare tag': { tag: 'g39' },
  'big customer': { customerEmail: 'u0@customer.test' },
  customer: { customerEmail: 'u17@customer.test' },
  'since 30d': { since: '30d' },
  'created 30d': { since: '30d', dateField: 'created' },
  cxScore: { cxScore: '<=1' },
  'rare tag + state': { tag: 'g39', state: 'closed' },
  'common tag + admin': { tag: 'g0', adminAssignee: 'a3' },
  'admin + team + cxScore': { adminAssignee: 'a3', teamAssignee: 't2', cxScore: '<=1' },
  'big customer + common tag': { customerEmail: 'u0@customer.test', tag: 'g0' },
  'rare tag + created 90d': { tag: 'g39', since: '90d', dateField: 'created' },
};

function time(run: () => unknown, calls = 40): { p50Ms: number; p95Ms: number } {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  const stats = latencyStats(samples);
  return { p50Ms: stats.p50Ms, p95Ms: stats.p95Ms };
}

console.log(
  `| filter (${size.toLocaleString('en')} conversations) | statement before, p50 / p95 ms | statement after | query after | query after, page 2 p95 | rows |`,
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, filter] of Object.entries(FILTERS)) {
  const input = { ...filter, now: NOW };
  const old = before(input);
  const oldStatement = sqlite.prepare(old.sql);
  const oldRows = oldStatement.all(...old.params) as { id: string }[];
  const page = getRecentConversations(database, input);
  const same =
    JSON.stringify(page.conversations.map((c) => c.id)) ===
    JSON.stringify(oldRows.slice(0, 20).map((r) => r.id));
  const was = time(() => oldStatement.all(...old.params));
  // Statement against statement (both prepared once), and the whole query with its name lookups.
  const fresh = recentConversationsSql(database, input);
  const freshStatement = sqlite.prepare(fresh.sql);
  const statement = time(() => freshStatement.all(...fresh.params));
  const now = time(() => getRecentConversations(database, input));
  const next =
    page.nextCursor === null
      ? undefined
      : time(() => getRecentConversations(database, { ...input, cursor: page.nextCursor! }));
  console.log(
    `| ${name} | ${was.p50Ms} / ${was.p95Ms} | ${statement.p50Ms} / ${statement.p95Ms} | ${now.p50Ms} / ${now.p95Ms} | ${next?.p95Ms ?? '-'} | ${page.conversations.length}${same ? '' : ' (DIFFERENT from before)'} |`,
  );
}
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
