import type { Sqlite } from './open-database.js';
import type { VerifyCheck } from './verify-database.js';

/** What each counter of table_counts must equal (migration 0009's triggers keep it so). */
const RECOUNTS: Record<string, string> = {
  conversations: 'SELECT count(*) FROM conversations',
  conversation_parts: 'SELECT coalesce(sum(parts_stored), 0) FROM conversations',
  contacts: 'SELECT count(*) FROM contacts',
};

/**
 * `fic status` reports the counters of table_counts instead of counting: verify recounts the rows and
 * names any counter that drifted (a write that bypassed the triggers, a file edited by hand). A counter
 * is repaired by `fic rebuild` or by migrating a copy; the data itself is unaffected.
 */
export function checkTableCounts(sqlite: Sqlite): VerifyCheck {
  const name = 'table_counts';
  const present = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'table_counts'`)
    .pluck()
    .get();
  if (present === undefined) {
    return {
      name,
      ok: true,
      skipped: true,
      detail: 'no counters yet (a database from before migration 0009)',
    };
  }
  const stored = new Map(
    (sqlite.prepare('SELECT name, rows FROM table_counts').all() as { name: string; rows: number }[]).map(
      (row) => [row.name, row.rows],
    ),
  );
  const drifted: string[] = [];
  for (const [counter, recount] of Object.entries(RECOUNTS)) {
    const actual = sqlite.prepare(recount).pluck().get() as number;
    const kept = stored.get(counter);
    if (kept !== actual) drifted.push(`${counter}: counter ${kept ?? 'missing'}, rows ${actual}`);
  }
  return drifted.length === 0
    ? { name, ok: true, detail: 'the status counters match the stored rows' }
    : {
        name,
        ok: false,
        detail: `the status counters drifted from the stored rows (${drifted.join('; ')}): fic status reports the counters`,
      };
}
