import type { FicDatabase } from '../db/open-database.js';
import { isFicError } from '../errors.js';
import { conversationPages } from '../intercom/conversation-pager.js';
import type { IntercomClient, RequestOptions } from '../intercom/intercom-client.js';
import { IdSet } from './id-set.js';
import { sqliteOf } from '../db/open-database.js';

/** Stored conversations not listed that are checked one by one (GET), at most. */
const MAX_CHECKS = 1000;
/** Ids each list of the report names, at most. */
const EXAMPLES = 20;

export interface RemoteComparison {
  /** The compared window: conversations updated at or after this (Unix seconds; 0: everything). */
  from: number;
  /** Conversations Intercom listed in the window. */
  listed: number;
  /** Listed, not in the copy: a sync would fetch them. */
  missing: { count: number; ids: string[] };
  /** Listed with a later update than the copy holds: a sync would fetch them again. */
  stale: { count: number; ids: string[] };
  /** In the copy (updated in the window) but not listed, and Intercom answers 404: deleted there. */
  deleted: { count: number; ids: string[] };
  /** Not listed, but Intercom still has them (its search index lags): nothing to do. */
  unlistedPresent: number;
  /** Not listed and not checked (more than the check budget), or their check failed. */
  unchecked: number;
  /** Listed with an older update than the copy holds: the search index has not caught up. */
  newerInCopy: number;
  /** Listed conversations that were deleted in Intercom (tombstoned in the copy): a lagging index. */
  listedButDeleted: number;
  requests: number;
  /** Nothing missing, stale or deleted. */
  complete: boolean;
}

/**
 * `fic verify --remote`: lists Intercom's conversations updated since `from` by id and update time
 * only (the same listing a sync uses), and compares them with the copy without writing anything: what
 * is missing, stale, or deleted in Intercom but still held. Stored conversations the listing did not
 * show are checked with GET /conversations/{id} (a 404 is a deletion), up to 1,000 of them.
 */
export async function compareWithRemote(
  client: Pick<IntercomClient, 'searchConversationStamps' | 'getConversation' | 'stats'>,
  database: FicDatabase,
  options: RequestOptions & { from: number; until?: number },
): Promise<RemoteComparison> {
  const requestsBefore = client.stats.requests;
  const sqlite = sqliteOf(database);
  const storedAt = sqlite.prepare('SELECT updated_at FROM conversations WHERE id = ?').pluck();
  const hasLedger =
    sqlite
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deleted_conversations'`)
      .get() !== undefined;
  const tombstone = hasLedger
    ? sqlite.prepare('SELECT 1 FROM deleted_conversations WHERE id = ?').pluck()
    : undefined;
  const until = options.until ?? Math.floor(Date.now() / 1000);
  const report: RemoteComparison = {
    from: options.from,
    listed: 0,
    missing: { count: 0, ids: [] },
    stale: { count: 0, ids: [] },
    deleted: { count: 0, ids: [] },
    unlistedPresent: 0,
    unchecked: 0,
    newerInCopy: 0,
    listedButDeleted: 0,
    requests: 0,
    complete: true,
  };
  const note = (list: { count: number; ids: string[] }, id: string): void => {
    list.count += 1;
    if (list.ids.length < EXAMPLES) list.ids.push(id);
  };
  const listed = new IdSet();
  const pages = conversationPages(
    { searchConversations: client.searchConversationStamps.bind(client) },
    { updatedSince: options.from, signal: options.signal },
  );
  for await (const page of pages) {
    for (const item of page.items) {
      if (listed.has(item.id)) continue; // listed again after a change during the listing
      listed.add(item.id);
      report.listed += 1;
      const stored = storedAt.get(item.id) as number | undefined;
      if (stored === undefined) {
        if (tombstone?.get(item.id) !== undefined) report.listedButDeleted += 1;
        else note(report.missing, item.id);
      } else if (stored < item.updated_at) note(report.stale, item.id);
      else if (stored > item.updated_at) report.newerInCopy += 1;
    }
  }
  const unlisted = sqlite
    .prepare('SELECT id FROM conversations WHERE updated_at >= ? AND updated_at <= ?')
    .pluck()
    .all(options.from, until) as string[];
  let checks = 0;
  for (const id of unlisted) {
    if (listed.has(id)) continue;
    if (checks >= MAX_CHECKS) {
      report.unchecked += 1;
      continue;
    }
    checks += 1;
    try {
      await client.getConversation(id, { signal: options.signal });
      report.unlistedPresent += 1;
    } catch (error) {
      if (isFicError(error) && error.code === 'not_found') note(report.deleted, id);
      else if (isFicError(error) && error.code !== 'aborted') report.unchecked += 1;
      else throw error;
    }
  }
  report.requests = client.stats.requests - requestsBefore;
  report.complete = report.missing.count === 0 && report.stale.count === 0 && report.deleted.count === 0;
  return report;
}
