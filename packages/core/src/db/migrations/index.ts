import type { Migration, MigrationProvider } from 'kysely';
import * as initialSchema from './0001-initial-schema.js';
import * as queryIndexes from './0002-query-indexes.js';
import * as teamPerformanceIndexes from './0003-team-performance-indexes.js';
import * as deletionsFailures from './0004-deletions-failures.js';

/** Migrations are imported statically (not read from a folder) so they work the same from src and dist. */
const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-query-indexes': queryIndexes,
  '0003-team-performance-indexes': teamPerformanceIndexes,
  '0004-deletions-failures': deletionsFailures,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
