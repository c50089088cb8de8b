// Times get_team_performance over one-year periods at a given workspace size (issue 16's target: 25 ms
// for any period up to a year at 1,000,000 conversations). Builds the database once when --db does not
// exist: a full sync of a seeded fake workspace, then SQL copies of its conversations rows (new ids, the
// same metric columns) up to --size, then the rollups' refresh a sync's end runs. Only the conversations
// rows matter to this query, so the copies skip parts and search (which the scaling bench writes too).
//   node --conditions=@fastintercom/source --import tsx scripts/time-team-performance.ts \
//     --size 100000 --db /tmp/fic-tp-100k.db [--source 5000] [--calls 60] [--distinct]
// The copies repeat the source's seconds (as the scaling bench's do), which the rollups store once with a
// count; --distinct adds 0-999 s by row to the reply and close times, so nearly every value is distinct
// (the rollups' worst case: their bytes grow with the conversations).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startFakeIntercom } from '../packages/fake-intercom/src/index.js';
import { resolveConfig } from '../packages/core/src/config.js';
import { openDatabase, sqliteOf } from '../packages/core/src/db/open-database.js';
import { refreshAllPerformanceRollups } from '../packages/core/src/db/performance-rollups.js';
import { getTeamPerformance } from '../packages/core/src/queries/get-team-performance.js';
import { runSync } from '../packages/core/src/sync/run-sync.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    db: { type: 'string' },
    source: { type: 'string', default: '5000' },
    calls: { type: 'string', default: '60' },
    distinct: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const dbPath = values.db ?? `/tmp/fic-team-performance-${size}.db`;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

if (!fs.existsSync(dbPath)) await build();
await time();

async function build(): Promise<void> {
  const fake = await startFakeIntercom({
    rateLimitPerMinute: 0,
    realistic: true,
    conversations: Number(values.source),
    seed: 16,
  });
  const started = performance.now();
  try {
    const config = resolveConfig({
      env: {},
      flags: { accessToken: fake.token, apiUrl: fake.url, dbPath, timeoutSeconds: 30, concurrency: 16 },
    }).config;
    const result = await runSync(config, { mode: 'full' });
    if (result.status !== 'succeeded') throw new Error(`sync ${result.status}`);
  } finally {
    await fake.close();
  }
  log(`synced ${values.source} conversations in ${Math.round(performance.now() - started)} ms`);
  const database = await openDatabase(dbPath);
  try {
    const sqlite = sqliteOf(database);
    const columns = (
      sqlite.prepare(`SELECT name FROM pragma_table_info('conversations')`).pluck().all() as string[]
    ).filter((column) => column !== 'row_id');
    const source = sqlite.prepare('SELECT count(*) FROM conversations').pluck().get() as number;
    const select = columns.map((column) => (column === 'id' ? `id || '-' || ?` : column)).join(', ');
    const copy = sqlite.prepare(
      `INSERT INTO conversations (${columns.join(', ')})
       SELECT ${select} FROM conversations WHERE id NOT LIKE '%-%' LIMIT ?`,
    );
    const copying = performance.now();
    for (let written = source, round = 1; written < size; round += 1) {
      written += sqlite.transaction(() => copy.run(round, Math.min(source, size - written)).changes)();
    }
    log(`copied to ${size} conversations in ${Math.round(performance.now() - copying)} ms`);
    if (values.distinct) {
      sqlite.exec(`UPDATE conversations SET first_admin_reply_at = first_admin_reply_at + (row_id % 1000),
        last_close_at = last_close_at + (row_id % 997)`);
    }
    const refreshing = performance.now();
    refreshAllPerformanceRollups(database);
    log(`refreshed the rollups in ${Math.round(performance.now() - refreshing)} ms`);
  } finally {
    await database.close();
  }
}

async function time(): Promise<void> {
  const database = await openDatabase(dbPath, { readonly: true });
  try {
    const sqlite = sqliteOf(database);
    const { count, last } = sqlite
      .prepare('SELECT count(*) AS count, max(created_at) AS last FROM conversations')
      .get() as { count: number; last: number };
    const now = last + 3600;
    const periods: [string, { since: string; until?: string }][] = [
      ['last 365 days', { since: '365d' }],
      // A year starting mid-month and mid-day: edge days and months at both ends.
      [
        'a year off the month grid',
        { since: iso(now - 380 * 86_400 + 40_000), until: iso(now - 15 * 86_400 + 7000) },
      ],
      ['last 30 days', { since: '30d' }],
    ];
    for (const [label, period] of periods) {
      for (const groupBy of ['admin', 'team'] as const) {
        const run = (): number => getTeamPerformance(database, { groupBy, now, ...period }).totals.assigned;
        for (let warm = 0; warm < 5; warm += 1) run();
        const samples: number[] = [];
        let assigned = 0;
        for (let call = 0; call < Number(values.calls); call += 1) {
          const started = performance.now();
          assigned = run();
          samples.push(performance.now() - started);
        }
        samples.sort((a, b) => a - b);
        const at = (q: number): string => samples[Math.ceil(q * samples.length) - 1]!.toFixed(2);
        log(
          `${count} conversations, ${label}, ${groupBy}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${assigned} assigned)`,
        );
      }
    }
  } finally {
    await database.close();
  }
}

function iso(unix: number): string {
  return new Date(unix * 1000).toISOString();
}
