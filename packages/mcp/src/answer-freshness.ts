import { getDataFreshness, isFicError } from '@fastintercom/core/read';
import type { DataFreshness } from '@fastintercom/core/read';
import type { DatabaseHandle } from './database-handle.js';
import { IntercomLinks } from './intercom-reference.js';
import type { ToolFreshness } from './tool-registry.js';

/** The copy's freshness, or null while there is no database yet (get_sync_status answers then too). */
export async function readFreshness(
  database: DatabaseHandle,
  nowSeconds: number,
): Promise<DataFreshness | null> {
  try {
    return getDataFreshness(await database.get(), nowSeconds);
  } catch (error) {
    if (isFicError(error) && error.code === 'empty_database') return null;
    throw error;
  }
}

export function toolFreshness(freshness: DataFreshness | null): ToolFreshness {
  return {
    data_age_seconds: freshness?.dataAgeSeconds ?? null,
    last_sync_status: freshness?.lastSyncStatus ?? null,
  };
}

/** Inbox links for the answer's conversations and tickets (null links before a sync stored the app). */
export async function readIntercomLinks(
  database: DatabaseHandle,
  nowSeconds: number,
  region: string,
): Promise<IntercomLinks> {
  return new IntercomLinks((await readFreshness(database, nowSeconds))?.workspaceApp ?? null, region);
}
