import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/db/open-database.js';
import { refreshFewPerformanceRollups } from '../../src/db/performance-rollups.js';
import type { GetTeamPerformanceInput } from '../../src/queries/query-types.js';
import { rebuildDatabase } from '../../src/sync/rebuild-database.js';
import { runSync } from '../../src/sync/run-sync.js';
import { FAST_RETRIES, readDatabase, testConfig } from '../sync/fixtures/sync-fixtures.js';
import {
  answers,
  assertExact,
  DAY,
  exactAnswers,
  monthRows,
  randomInputs,
  rollupRows,
  rollupsFromScratch,
  staleDays,
  staleMonths,
  verifyRollups,
  withSyncedWorkspace,
} from './fixtures/rollup-fixtures.js';

/**
 * The rollup path of get_team_performance against the exact computation over the rows (the oracle and
 * the random periods are in fixtures/rollup-fixtures.ts).
 */
test('rollup answers equal the exact computation over random periods, after syncs, deletions and rebuild', async () => {
  await withSyncedWorkspace(async (fake, dbPath) => {
    // The sync left no stale day: the answers come from the rollups for every whole day.
    assert.equal(staleDays(dbPath), 0);
    assert.equal(staleMonths(dbPath), 0);
    assert.ok(rollupRows(dbPath).length > 100);
    // Several months: whole-month periods read month rows.
    assert.ok(monthRows(dbPath) >= 6, `${monthRows(dbPath)} month rows`);
    assert.equal((await verifyRollups(dbPath)).ok, true);
    await assertExact(dbPath, 1);

    // An incremental sync after replies, closes, reopens, reassignments, new conversations and deletions.
    const changed = fake.advance({
      newConversations: 12,
      replies: 30,
      closes: 12,
      reopens: 8,
      assignments: 15,
    });
    const victims = fake
      .truth()
      .conversations.filter((conversation) => !changed.updated.includes(conversation.id))
      .slice(0, 5)
      .map((conversation) => conversation.id);
    fake.deleteConversations(victims);
    const incremental = await runSync(testConfig(fake, dbPath), {
      mode: 'incremental',
      client: FAST_RETRIES,
    });
    assert.equal(incremental.status, 'succeeded');
    assert.equal(staleDays(dbPath), 0);
    assert.equal(staleMonths(dbPath), 0);
    assert.deepEqual(rollupRows(dbPath), await rollupsFromScratch(dbPath));
    assert.equal((await verifyRollups(dbPath)).ok, true);
    await assertExact(dbPath, 2);

    // fic rebuild rewrites every conversation: the rollups stay what a computation from nothing gives.
    const database = await openDatabase(dbPath);
    try {
      rebuildDatabase(database);
    } finally {
      await database.close();
    }
    assert.equal(staleDays(dbPath), 0);
    assert.deepEqual(rollupRows(dbPath), await rollupsFromScratch(dbPath));
    await assertExact(dbPath, 3);
  });
});

test('days a write changed and no refresh has reached yet are read from the rows: still exact', async () => {
  await withSyncedWorkspace(async (_fake, dbPath) => {
    // A write outside the sync's pages (the triggers mark it; nothing recomputes the days).
    const sqlite = new BetterSqlite3(dbPath);
    try {
      sqlite.exec(`UPDATE conversations SET admin_assignee_id = NULL, state = 'closed',
          last_close_at = created_at + 4000 WHERE rowid % 7 = 0;
        DELETE FROM conversations WHERE rowid % 11 = 0;`);
    } finally {
      sqlite.close();
    }
    assert.ok(staleDays(dbPath) > 20);
    await assertExact(dbPath, 4);
    assert.equal((await verifyRollups(dbPath)).ok, true); // stale days are not drift
  });
});

test('months whose days were recomputed but not the month itself are read from their days', async () => {
  await withSyncedWorkspace(async (_fake, dbPath) => {
    // What a sync page does: a write to old conversations of one day, that day recomputed, its month not.
    const sqlite = new BetterSqlite3(dbPath);
    try {
      sqlite.exec(`UPDATE conversations SET team_assignee_id = NULL, count_reopens = count_reopens + 1
        WHERE created_at / 86400 = (SELECT created_at / 86400 FROM conversations
          ORDER BY created_at LIMIT 1 OFFSET 100)`);
    } finally {
      sqlite.close();
    }
    const database = await openDatabase(dbPath);
    try {
      assert.equal(refreshFewPerformanceRollups(database), 1);
    } finally {
      await database.close();
    }
    assert.equal(staleDays(dbPath), 0);
    assert.equal(staleMonths(dbPath), 1);
    await assertExact(dbPath, 6);
    assert.equal((await verifyRollups(dbPath)).ok, true);
  });
});

test('fic verify reports a month or day rollup that differs from a recompute', async () => {
  await withSyncedWorkspace(async (_fake, dbPath) => {
    for (const [table, key] of [
      ['performance_month_rollups', 'month'],
      ['performance_day_rollups', 'day'],
      ['performance_hour_rollups', 'hour'],
    ] as const) {
      const sqlite = new BetterSqlite3(dbPath);
      let restore: () => void;
      try {
        const row = sqlite
          .prepare(`SELECT group_by, ${key} AS bucket, seconds FROM ${table} ORDER BY ${key} DESC LIMIT 1`)
          .get() as { group_by: string; bucket: number; seconds: Buffer };
        const changed = Buffer.from(row.seconds);
        changed.writeDoubleLE(changed.readDoubleLE(8) + 1, 8); // one more assigned conversation
        const update = `UPDATE ${table} SET seconds = ? WHERE group_by = ? AND ${key} = ?`;
        sqlite.prepare(update).run(changed, row.group_by, row.bucket);
        restore = () => {
          const again = new BetterSqlite3(dbPath);
          again.prepare(update).run(row.seconds, row.group_by, row.bucket);
          again.close();
        };
      } finally {
        sqlite.close();
      }
      const report = await verifyRollups(dbPath);
      assert.equal(report.ok, false, table);
      assert.match(report.detail, new RegExp(`1 of .*\\b(admin|team) ${key}`));
      restore();
      assert.equal((await verifyRollups(dbPath)).ok, true);
    }
  });
});

test('the query reads the rollups: removed rollup months, then days, change the answer', async () => {
  await withSyncedWorkspace(async (_fake, dbPath) => {
    const [input] = randomInputs(dbPath, 5, 0).slice(-1);
    const [before] = await answers(dbPath, [input!]);
    const remove = (sql: string): void => {
      const sqlite = new BetterSqlite3(dbPath);
      try {
        sqlite.exec(sql);
      } finally {
        sqlite.close();
      }
    };
    // Whole months without their row count as empty: the edge months' days remain.
    remove(`DELETE FROM performance_month_rollups WHERE group_by = 'team'`);
    const [withoutMonths] = await answers(dbPath, [input!]);
    assert.ok(before!.totals.assigned > 100);
    assert.ok(withoutMonths!.totals.assigned < before!.totals.assigned * 0.5);
    // Months marked stale are read from their days: the answer is whole again.
    remove(`INSERT INTO performance_stale_months SELECT DISTINCT month FROM performance_month_rollups`);
    const [fromDays] = await answers(dbPath, [input!]);
    assert.deepEqual(fromDays, before);
    // Whole days without their rollup count as empty: only the partial edge days remain.
    remove(`DELETE FROM performance_day_rollups WHERE group_by = 'team'`);
    const [after] = await answers(dbPath, [input!]);
    assert.ok(after!.totals.assigned < before!.totals.assigned / 10);
  });
});

test('the partial edge days of a period read hour rollups', async () => {
  await withSyncedWorkspace(async (_fake, dbPath) => {
    // Two partial days around the busiest day boundary: no whole day, whole hours on both sides.
    const boundary = readDatabase(
      dbPath,
      (sqlite) =>
        sqlite
          .prepare(
            `SELECT (created_at / 86400 + 1) * 86400 FROM conversations
             GROUP BY created_at / 86400 ORDER BY count(*) DESC LIMIT 1`,
          )
          .pluck()
          .get() as number,
    );
    const input: GetTeamPerformanceInput = {
      groupBy: 'team',
      since: new Date((boundary - 20 * 3600 - 1234) * 1000).toISOString(),
      until: new Date((boundary + 20 * 3600 + 1234) * 1000).toISOString(),
      now: boundary + 30 * DAY,
    };
    const [before] = await answers(dbPath, [input]);
    assert.deepEqual([before], await exactAnswers(dbPath, [input]));
    const sqlite = new BetterSqlite3(dbPath);
    try {
      sqlite.exec(`DELETE FROM performance_hour_rollups WHERE group_by = 'team'`);
    } finally {
      sqlite.close();
    }
    const [after] = await answers(dbPath, [input]);
    assert.ok(before!.totals.assigned > 5, `${before!.totals.assigned} assigned`);
    // Only the two partial hours remain, read from the rows.
    assert.ok(after!.totals.assigned < before!.totals.assigned / 2);
  });
});
