import { isFicError } from '../errors.js';
import { FullTextIndex } from './full-text-index.js';
import type { FullTextIndexName } from './full-text-index.js';
import type { FicDatabase } from './open-database.js';
import type { Sqlite } from './open-database.js';
import { sqliteOf } from './open-database.js';
import { checkPerformanceRollups } from './verify-performance-rollups.js';
import { checkRecentLinks } from './verify-recent-links.js';
import { checkTableCounts } from './verify-table-counts.js';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  /** What was checked and, when it failed, what is wrong (with a few examples). */
  detail: string;
  /** The check could not run here (it needs to write, the file is read-only): `ok`, unproven. */
  skipped?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  checks: VerifyCheck[];
}

/** How many offending rows a failed check names. */
const exampleCount = 5;

/**
 * `fic verify`: checks the file (SQLite's integrity_check and foreign keys) and what a sync promises
 * about the data: the search index matches the rows, parts are complete and in order, and the
 * checkpoint does not claim more than is stored, the status counters equal a recount, the team
 * performance rollups equal a recompute, and the links' copies of updated_at equal their
 * conversation's. Reads only.
 */
export function verifyDatabase(database: FicDatabase): VerifyReport {
  const sqlite = sqliteOf(database);
  const checks = [
    run('integrity', () => checkIntegrity(sqlite)),
    run('foreign_keys', () => checkForeignKeys(sqlite)),
    ...checkSearchIndex(database, 'conversations'),
    ...checkSearchIndex(database, 'tickets'),
    ...partRules.map((rule) => run(rule.name, () => checkPartRule(sqlite, rule))),
    run('checkpoint', () => checkCheckpoint(sqlite)),
    run('raw_payloads', () => checkRawPayloads(sqlite)),
    run('table_counts', () => checkTableCounts(sqlite)),
    run('performance_rollups', () => checkPerformanceRollups(database)),
    run('recent_links', () => checkRecentLinks(sqlite)),
  ];
  return { ok: checks.every((check) => check.ok), checks };
}

/** A check that cannot even run (a damaged page, a missing table) has failed; the others still run. */
function run(name: string, check: () => VerifyCheck): VerifyCheck {
  try {
    return check();
  } catch (error) {
    return {
      name,
      ok: false,
      detail: `could not check: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function checkIntegrity(sqlite: Sqlite): VerifyCheck {
  const problems = sqlite.prepare('PRAGMA integrity_check').pluck().all() as string[];
  const ok = problems.length === 1 && problems[0] === 'ok';
  return {
    name: 'integrity',
    ok,
    detail: ok
      ? 'SQLite integrity_check: ok'
      : `SQLite integrity_check: ${problems.slice(0, exampleCount).join('; ')}`,
  };
}

/**
 * No payload outlives its conversation (a deletion removes the JSON with the rows). Conversations
 * without a payload are reported, not failed: a copy synced before fic kept payloads has them until
 * `fic sync --full` refetches them, and `fic rebuild` leaves them as they are.
 */
function checkRawPayloads(sqlite: Sqlite): VerifyCheck {
  const counts = sqlite
    .prepare(
      `SELECT
         (SELECT count(*) FROM raw_payloads r WHERE r.kind = 'conversation'
            AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = r.id)) AS orphaned,
         (SELECT count(*) FROM conversations c WHERE NOT EXISTS
            (SELECT 1 FROM raw_payloads r WHERE r.kind = 'conversation' AND r.id = c.id)) AS missing`,
    )
    .get() as { orphaned: number; missing: number };
  const missing =
    counts.missing === 0
      ? 'every conversation has its raw payload'
      : `${counts.missing} conversations have no raw payload (synced before fic kept them; fic sync --full refetches them)`;
  return {
    name: 'raw_payloads',
    ok: counts.orphaned === 0,
    detail:
      counts.orphaned === 0
        ? missing
        : `${counts.orphaned} raw payloads belong to no stored conversation; ${missing}`,
  };
}

function checkForeignKeys(sqlite: Sqlite): VerifyCheck {
  const violations = sqlite.prepare('PRAGMA foreign_key_check').all() as {
    table: string;
    rowid: number | null;
  }[];
  return {
    name: 'foreign_keys',
    ok: violations.length === 0,
    detail:
      violations.length === 0
        ? 'every part, contact link and tag link belongs to a stored conversation'
        : `${violations.length} rows refer to missing rows (${examples(violations.map((v) => v.table))})`,
  };
}

function checkSearchIndex(database: FicDatabase, name: FullTextIndexName): VerifyCheck[] {
  const index = (): FullTextIndex => new FullTextIndex(database, name);
  // The conversations' checks keep their names (scripts read them); the tickets' are named apart.
  const checkName = name === 'conversations' ? 'search_index' : 'ticket_search_index';
  const noun = name === 'conversations' ? 'conversations' : 'tickets';
  return [
    run(checkName, () => {
      let problem: string | undefined;
      try {
        problem = index().integrityProblem();
      } catch (error) {
        if (!isFicError(error) || error.code !== 'read_only') throw error;
        return {
          name: checkName,
          ok: true,
          skipped: true,
          detail:
            'not checked: comparing the full-text index with the stored text needs a writable connection, ' +
            "and the file is read-only (integrity above checks the index's own structure); verify a writable copy to run it",
        };
      }
      return {
        name: checkName,
        ok: problem === undefined,
        detail:
          problem === undefined
            ? `the ${noun}' full-text index matches the stored subjects and messages`
            : `the ${noun}' full-text index does not match the stored text: ${problem}`,
      };
    }),
    run(`${checkName}_rows`, () => {
      const { indexed, missing, orphaned } = index().documentCounts();
      const ok = missing === 0 && orphaned === 0;
      return {
        name: `${checkName}_rows`,
        ok,
        detail: ok
          ? `${indexed} ${noun} indexed, one document each`
          : `${indexed} documents indexed; ${missing} ${noun} missing from the index, ${orphaned} documents for none`,
      };
    }),
  ];
}

/** Rules about each conversation's parts: every query lists the conversations that break its rule. */
const partRules: { name: string; kept: string; broken: string; query: string }[] = [
  {
    // The primary key (conversation_id, position) keeps positions unique; 0..n-1 also means no gaps.
    name: 'part_positions',
    kept: "each conversation's parts are numbered 0..n-1",
    broken: 'have gaps in their part positions',
    query: `SELECT conversation_id FROM conversation_parts GROUP BY conversation_id
             HAVING min(position) <> 0 OR max(position) <> count(*) - 1`,
  },
  {
    name: 'part_order',
    kept: 'parts are stored oldest first',
    broken: 'have parts out of created_at order',
    query: `SELECT DISTINCT conversation_id FROM (
              SELECT conversation_id, created_at,
                     lag(created_at) OVER (PARTITION BY conversation_id ORDER BY position) AS previous
                FROM conversation_parts)
             WHERE created_at < previous`,
  },
  {
    name: 'parts_stored',
    kept: "each conversation's parts_stored matches its stored parts",
    broken: 'count a different number of parts (parts_stored) than are stored',
    query: `SELECT c.id FROM conversations c
             WHERE c.parts_stored <> (SELECT count(*) FROM conversation_parts p WHERE p.conversation_id = c.id)`,
  },
];

function checkPartRule(sqlite: Sqlite, rule: (typeof partRules)[number]): VerifyCheck {
  const breaking = sqlite.prepare(rule.query).pluck().all() as string[];
  return {
    name: rule.name,
    ok: breaking.length === 0,
    detail:
      breaking.length === 0
        ? rule.kept
        : `${breaking.length} conversations ${rule.broken} (${examples(breaking)})`,
  };
}

function checkCheckpoint(sqlite: Sqlite): VerifyCheck {
  const fail = (detail: string): VerifyCheck => ({ name: 'checkpoint', ok: false, detail });
  const raw = sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'checkpoint'`).pluck().get() as
    string | undefined;
  if (raw === undefined)
    return { name: 'checkpoint', ok: true, detail: 'no checkpoint yet (no sync finished a page)' };
  let checkpoint: { updatedAt?: unknown; id?: unknown } | null;
  try {
    checkpoint = JSON.parse(raw) as { updatedAt?: unknown; id?: unknown } | null;
  } catch {
    return fail(`the checkpoint is not valid JSON: ${raw.slice(0, 100)}`);
  }
  const { updatedAt, id } = checkpoint ?? {};
  if (typeof updatedAt !== 'number' || typeof id !== 'string') {
    return fail(`the checkpoint is not { updatedAt: number, id: string }: ${raw.slice(0, 100)}`);
  }
  const newest = sqlite.prepare('SELECT max(updated_at) FROM conversations').pluck().get() as number | null;
  if (newest === null || updatedAt > newest) {
    return fail(
      `the checkpoint (updated_at ${updatedAt}) is beyond the newest stored conversation (${newest ?? 'none'}): run fic sync --full`,
    );
  }
  const marked = sqlite.prepare('SELECT updated_at FROM conversations WHERE id = ?').pluck().get(id) as
    number | undefined;
  if (marked === undefined)
    return fail(`the checkpoint names conversation ${id}, which is not stored: run fic sync --full`);
  if (marked < updatedAt) {
    return fail(
      `the checkpoint says conversation ${id} was updated at ${updatedAt}, the stored row at ${marked}: run fic sync --full`,
    );
  }
  return {
    name: 'checkpoint',
    ok: true,
    detail: `checkpoint (updated_at ${updatedAt}, id ${id}) is covered by the stored rows`,
  };
}

function examples(values: string[]): string {
  const shown = [...new Set(values)].slice(0, exampleCount).join(', ');
  return values.length > exampleCount ? `${shown}, ...` : shown;
}
