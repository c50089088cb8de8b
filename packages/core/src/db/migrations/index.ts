import type { Migration } from 'kysely';
import * as initialSchema from './0001-initial-schema.js';
import * as queryIndexes from './0002-query-indexes.js';
import * as teamPerformanceIndexes from './0003-team-performance-indexes.js';
import * as deletionsFailures from './0004-deletions-failures.js';
import * as storageRawPayloadsFields from './0005-storage-raw-payloads-fields.js';
import * as ticketsCompanies from './0006-tickets-companies.js';
import * as payloadDictionaries from './0007-storage-dictionaries.js';
import * as personalTokens from './0008-personal-tokens.js';
import * as statusCountersRecentIndexes from './0009-status-counters-recent-indexes.js';
import * as performanceRollups from './0010-performance-rollups.js';
import * as recentLinkIndexes from './0011-recent-link-indexes.js';
import * as performanceMonthRollups from './0012-performance-month-rollups.js';

/** Migrations are imported statically (not read from a folder) so they work the same from src and dist. */
const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-query-indexes': queryIndexes,
  '0003-team-performance-indexes': teamPerformanceIndexes,
  '0004-deletions-failures': deletionsFailures,
  '0005-storage-raw-payloads-fields': storageRawPayloadsFields,
  '0006-tickets-companies': ticketsCompanies,
  '0007-storage-dictionaries': payloadDictionaries,
  '0008-personal-tokens': personalTokens,
  '0009-status-counters-recent-indexes': statusCountersRecentIndexes,
  '0010-performance-rollups': performanceRollups,
  '0011-recent-link-indexes': recentLinkIndexes,
  '0012-performance-month-rollups': performanceMonthRollups,
};

export interface NamedMigration {
  readonly name: string;
  readonly migration: Migration;
}

/** Every migration this build knows, in the order they apply (by name). See migrate-database.ts. */
export const schemaMigrations: readonly NamedMigration[] = Object.freeze(
  Object.keys(migrations)
    .sort()
    .map((name) => Object.freeze({ name, migration: migrations[name]! })),
);
