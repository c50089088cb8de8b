import type { FicDatabase } from '../db/open-database.js';
import { isProcessAlive } from '../sync/sync-lock.js';
import { resolveNow } from './query-input.js';
import { one } from './statement-cache.js';

/** The sync_state key holding the workspace's app (from GET /me), written by every sync. */
export const WORKSPACE_APP_STATE_KEY = 'workspace_app';

/** The Intercom workspace the copy was synced from, as GET /me names it. */
export interface WorkspaceApp {
  /** The app's id_code: the `<app>` of Inbox URLs (`https://app.intercom.com/a/apps/<app>/...`). */
  idCode: string;
  name: string | null;
  region: string | null;
}

export interface DataFreshness {
  /** Seconds since the last successful (or partial) sync ended; null before the first. */
  dataAgeSeconds: number | null;
  /** The newest sync run's status (running | succeeded | failed | interrupted | partial); null before the first. */
  lastSyncStatus: string | null;
  /** Null until a sync stored it (databases synced by an older fic). */
  workspaceApp: WorkspaceApp | null;
}

/**
 * How old the copy is, in three small lookups (the newest sync_runs rows, one sync_state key): cheap enough to stamp on every tool answer.
 * A run still marked running whose process is gone is reported as interrupted, as getSyncStatus does.
 */
export function getDataFreshness(database: FicDatabase, now?: number): DataFreshness {
  const at = resolveNow(now);
  const last = one<{ status: string; pid: number }>(
    database,
    'SELECT status, pid FROM sync_runs ORDER BY id DESC LIMIT 1',
  );
  const finished = one<{ finished_at: number }>(
    database,
    `SELECT finished_at FROM sync_runs WHERE status IN ('succeeded', 'partial') AND finished_at IS NOT NULL
      ORDER BY id DESC LIMIT 1`,
  );
  return {
    dataAgeSeconds: finished === undefined ? null : Math.max(0, at - finished.finished_at),
    lastSyncStatus:
      last === undefined
        ? null
        : last.status === 'running' && !isProcessAlive(last.pid)
          ? 'interrupted'
          : last.status,
    workspaceApp: readWorkspaceApp(database),
  };
}

function readWorkspaceApp(database: FicDatabase): WorkspaceApp | null {
  const row = one<{ value: string }>(database, 'SELECT value FROM sync_state WHERE key = ?', [
    WORKSPACE_APP_STATE_KEY,
  ]);
  if (row === undefined) return null;
  try {
    const value = JSON.parse(row.value) as Partial<WorkspaceApp> | null;
    if (typeof value?.idCode !== 'string' || value.idCode === '') return null;
    return {
      idCode: value.idCode,
      name: typeof value.name === 'string' ? value.name : null,
      region: typeof value.region === 'string' ? value.region : null,
    };
  } catch {
    // Unreadable: treated as not stored; the next sync writes it again.
    return null;
  }
}
