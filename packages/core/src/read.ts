/**
 * `@fastintercom/core/read`: what every read-only command starts with (errors, the configuration,
 * opening a database) and what `fic status` shows (the sync status, the last run, the sync lock). It
 * loads no query builder, Intercom client or sync engine, and none of the queries (those are
 * `@fastintercom/core/queries`), so `fic status` starts fast. `@fastintercom/core` re-exports all of it.
 */
export { FicError, isFicError } from './errors.js';
export type { FicErrorCode, FicErrorOptions } from './errors.js';
export {
  resolveConfig,
  readConfigFile,
  writeConfigFile,
  redactConfig,
  redactToken,
  defaultConfigPath,
  defaultDbPath,
  settingEnvName,
  REGION_API_URLS,
} from './config.js';
export type { FicConfig, ConfigSource, Region } from './config.js';
export { openDatabase } from './db/open-database.js';
export type { FicDatabase, OpenDatabaseOptions } from './db/open-database.js';
export type * from './db/database-schema.js';
export type { SyncRunRow } from './db/sync-run-repository.js';
export { getSyncStatus } from './queries/get-sync-status.js';
export { getLastSyncRun } from './queries/last-sync-run.js';
export {
  getSyncHealth,
  assessSyncHealth,
  describeSyncHealthProblem,
  MAX_SYNC_ERROR_RATE,
  STALE_SYNC_INTERVALS,
} from './queries/get-sync-health.js';
export type {
  SyncHealth,
  SyncHealthInput,
  SyncHealthProblem,
  SyncHealthProblemCode,
} from './queries/get-sync-health.js';
export { getDataFreshness, WORKSPACE_APP_STATE_KEY } from './queries/get-data-freshness.js';
export type { DataFreshness, WorkspaceApp } from './queries/get-data-freshness.js';
export { inspectSyncLock, readSyncLock, syncLockPath, isProcessAlive } from './sync/sync-lock.js';
export type { SyncLockInfo, SyncLockState } from './sync/sync-lock.js';
export { quickCheck } from './db/quick-check.js';
export { hasSchema } from './queries/database-emptiness.js';
export { databaseFailure, databaseFailureKind, rebuildAdvice } from './db/sqlite-errors.js';
export type { DatabaseFailureKind } from './db/sqlite-errors.js';
