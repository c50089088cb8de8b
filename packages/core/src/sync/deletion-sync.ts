import type { ConversationRepository, DeletionWrite } from '../db/conversation-repository.js';
import { FicError } from '../errors.js';
import type { IntercomClient, RequestOptions } from '../intercom/intercom-client.js';
import { STATE_KEYS } from './sync-plan.js';

/** GET /conversations/deleted's largest page. */
const PER_PAGE = 60;
/** Pages in a row that bring no id not seen before, after which the listing is taken to be stuck. */
const STUCK_PAGES = 3;

export interface DeletionSyncResult {
  /** Deleted conversations listed since the checkpoint. */
  listed: number;
  /** Of them, the ones the copy held and removed. */
  removed: number;
  requests: number;
}

/**
 * Applies the deletions Intercom made since the last run: GET /conversations/deleted, newest first,
 * page by page until it reaches deletions older than the checkpoint (less the lookback: the list's
 * order by deleted_at is the API's, not a promise). Each page's conversations are removed with their
 * parts and search documents in one transaction; the checkpoint moves only once the whole list since it
 * is read, so an interrupted run reads it again (removing is idempotent).
 *
 * Page numbers shift while deletions happen: a new deletion pushes every item one place down, so an
 * item may show twice (harmless), never be skipped (newest first).
 *
 * A copy with no checkpoint yet starts one at `startedAt` without reading the list when it holds no
 * conversation (nothing to remove); a copy made before deletions were tracked reads the whole list once.
 */
export async function syncDeletions(
  client: Pick<IntercomClient, 'listDeletedConversations'>,
  repository: Pick<ConversationRepository, 'getState' | 'writePage' | 'counts'>,
  options: RequestOptions & { startedAt: number; lookbackSeconds: number },
): Promise<DeletionSyncResult> {
  const checkpoint = repository.getState<number>(STATE_KEYS.deletions);
  const result: DeletionSyncResult = { listed: 0, removed: 0, requests: 0 };
  if (checkpoint === undefined && repository.counts().conversations === 0) {
    repository.writePage({ conversations: [], state: { [STATE_KEYS.deletions]: options.startedAt } });
    return result;
  }
  const from = checkpoint === undefined ? 0 : checkpoint - options.lookbackSeconds;
  let newest = checkpoint ?? 0;
  const seen = new Set<string>();
  let stale = 0;
  for (let page = 1; ; page += 1) {
    const answer = await client.listDeletedConversations(
      { page, perPage: PER_PAGE, order: 'desc' },
      { signal: options.signal },
    );
    result.requests += 1;
    const deletions: DeletionWrite[] = [];
    let reachedCheckpoint = false;
    for (const item of answer.conversations) {
      const deletedAt = item.deleted_at ?? null;
      if (deletedAt !== null && deletedAt < from) {
        reachedCheckpoint = true;
        continue;
      }
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      if (deletedAt !== null) newest = Math.max(newest, deletedAt);
      deletions.push({ id: item.id, deletedAt, source: 'deleted_list' });
    }
    stale = deletions.length === 0 && !reachedCheckpoint ? stale + 1 : 0;
    if (deletions.length > 0) {
      result.listed += deletions.length;
      result.removed += repository.writePage({ conversations: [], deletions }).removed;
    }
    const last = answer.conversations.length < PER_PAGE || !hasNext(answer.pages);
    if (reachedCheckpoint || last) break;
    if (stale >= STUCK_PAGES) {
      throw new FicError(
        'api',
        `GET /conversations/deleted kept answering pages of ids already seen (${STUCK_PAGES} in a row, up to page ${page}): Intercom's paging is misbehaving; try the sync again later.`,
        { details: { page } },
      );
    }
  }
  repository.writePage({ conversations: [], state: { [STATE_KEYS.deletions]: Math.max(newest, from) } });
  return result;
}

function hasNext(
  pages: { next?: unknown; page?: number | null; total_pages?: number | null } | null | undefined,
): boolean {
  if (pages === undefined || pages === null) return false;
  if (typeof pages.next === 'string') return pages.next !== '';
  if (pages.next !== undefined && pages.next !== null) return true;
  return (
    typeof pages.page === 'number' && typeof pages.total_pages === 'number' && pages.page < pages.total_pages
  );
}
