import type { FicDatabase } from '../db/open-database.js';
import { isoTimeOrNull } from './query-input.js';
import { all, one } from './statement-cache.js';
import type { SyncFidelity } from './query-types.js';

/** Outstanding failures a status names, at most. */
const EXAMPLES = 5;

/**
 * How true the copy is beyond its counts: deletions applied, fetches still failing (skipped and retried
 * by each sync), permissions the token lacks, seconds denser than a search page, and the last
 * reconciliation. Reads a few small tables and sync_state keys; a database written by an older fic
 * (without the tables) reports nothing outstanding.
 */
export function getSyncFidelity(database: FicDatabase): SyncFidelity {
  const hasLedger =
    one(database, `SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'sync_failures'`) !==
    undefined;
  const state = new Map(
    all<{ key: string; value: string }>(
      database,
      `SELECT key, value FROM sync_state WHERE key IN ('missing_permissions', 'dense_seconds', 'reconciled_at')`,
    ).map((row) => [row.key, parseJson(row.value)]),
  );
  const dense = state.get('dense_seconds') as
    { count?: number; latest?: number; cursorFallback?: boolean } | undefined;
  const reconciledAt = state.get('reconciled_at');
  const fidelity: SyncFidelity = {
    deletions: { total: 0, lastRemovedAt: null },
    outstandingFailures: { conversations: 0, contacts: 0, examples: [] },
    missingPermissions: Array.isArray(state.get('missing_permissions'))
      ? (state.get('missing_permissions') as SyncFidelity['missingPermissions'])
      : [],
    denseSeconds:
      dense === undefined || typeof dense.count !== 'number'
        ? null
        : {
            count: dense.count,
            latest: isoTimeOrNull(typeof dense.latest === 'number' ? dense.latest : null),
            cursorFallback: dense.cursorFallback === true,
          },
    lastReconciledAt: isoTimeOrNull(typeof reconciledAt === 'number' ? reconciledAt : null),
  };
  if (!hasLedger) return fidelity;
  const deletions = one<{ total: number; last: number | null }>(
    database,
    'SELECT count(*) AS total, max(removed_at) AS last FROM deleted_conversations',
  )!;
  fidelity.deletions = { total: deletions.total, lastRemovedAt: isoTimeOrNull(deletions.last) };
  for (const row of all<{ kind: string; n: number }>(
    database,
    'SELECT kind, count(*) AS n FROM sync_failures GROUP BY kind',
  )) {
    if (row.kind === 'conversation') fidelity.outstandingFailures.conversations = row.n;
    if (row.kind === 'contact') fidelity.outstandingFailures.contacts = row.n;
  }
  fidelity.outstandingFailures.examples = all<{
    kind: string;
    id: string;
    error_code: string;
    error_message: string;
    attempts: number;
    first_seen_at: number;
    last_seen_at: number;
  }>(
    database,
    `SELECT kind, id, error_code, error_message, attempts, first_seen_at, last_seen_at
       FROM sync_failures ORDER BY first_seen_at, kind, id LIMIT ${EXAMPLES}`,
  ).map((row) => ({
    kind: row.kind,
    id: row.id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    firstSeenAt: isoTimeOrNull(row.first_seen_at)!,
    lastSeenAt: isoTimeOrNull(row.last_seen_at)!,
  }));
  return fidelity;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
