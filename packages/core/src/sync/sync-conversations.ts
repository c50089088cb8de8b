import { setMaxListeners } from 'node:events';
import type { ConversationRepository } from '../db/conversation-repository.js';
import { FicError, isFicError } from '../errors.js';
import { conversationPages } from '../intercom/conversation-pager.js';
import { refreshContacts } from './contact-refresh.js';
import { ContactFetcher } from './contact-sync.js';
import { syncDeletions } from './deletion-sync.js';
import { FailureStreak } from './fetch-failures.js';
import { leanHeap } from './heap-settings.js';
import { IdSet } from './id-set.js';
import { MemoryGovernor } from './memory-governor.js';
import { syncMetadata } from './metadata-sync.js';
import { PagePipeline } from './page-pipeline.js';
import type { ListedPage } from './page-pipeline.js';
import { checkPages, unlistedCheckPages } from './reconcile.js';
import { SYNC_DEFAULTS } from './sync-defaults.js';
import { planSync, SAME_SECOND_MARGIN_SECONDS, STATE_KEYS } from './sync-plan.js';
import type { DenseSeconds, MissingPermission, ResumeState, SyncPlan } from './sync-plan.js';
import { SyncProgressTracker } from './sync-progress.js';
import type { ReconcileResult, SyncCheckpoint, SyncOptions, SyncResult } from './sync-types.js';
import { WORKSPACE_APP_STATE_KEY } from '../queries/get-data-freshness.js';

/** Contact stubs (fetched neither by search nor by GET) a run tries again, at most. */
const CONTACT_RETRIES_PER_RUN = 10_000;

/**
 * One sync run, recorded in sync_runs from start to finish:
 * 1. the token, checked once (GET /me), then admins, teams and tags (each skipped, and reported, when
 *    the token lacks its permission);
 * 2. deletions Intercom made since the last run (GET /conversations/deleted), removed from the copy;
 * 3. conversations whose fetch failed in earlier runs, tried again first;
 * 4. every conversation the plan lists (details only where needed, written page by page with the
 *    checkpoint); a fetch that keeps failing is recorded and skipped, a 404 removes the conversation;
 * 5. when reconciling, the stored conversations of the re-listed window the listing did not show,
 *    checked one by one (a 404 removes them);
 * 6. contacts still stubs tried again, and contacts edited in Intercom refreshed.
 *
 * Resolves with the result when the run succeeded or ended 'partial' (stopped at `maxConversations`,
 * or with fetches still failing). Otherwise it throws a FicError (auth, permission, api, timeout,
 * aborted, ...) after recording the run as 'failed' or 'interrupted' (aborted) with the error,
 * `details.runId` naming the run: everything committed before the failure stays, and the next run
 * continues from it. One AbortController, owned here, cancels every request of the run: the caller's
 * abort, the first failure, and whatever is still in flight when the run ends.
 */
export async function syncConversations(options: SyncOptions): Promise<SyncResult> {
  const { client, repository } = options;
  const now = options.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const startedMs = now();
  const startedAt = Math.floor(startedMs / 1000);
  const lookbackMinutes = options.lookbackMinutes ?? SYNC_DEFAULTS.lookbackMinutes;
  const concurrency = Math.max(1, options.concurrency ?? SYNC_DEFAULTS.concurrency);

  const planInput = {
    mode: options.mode,
    since: options.since,
    lookbackMinutes,
    now: startedAt,
    checkpoint: repository.getState<SyncCheckpoint>(STATE_KEYS.checkpoint) ?? undefined,
    resume: repository.getState<ResumeState>(STATE_KEYS.resume) ?? undefined,
    recheck: repository.getState<number>(STATE_KEYS.recheck) ?? undefined,
  };
  const reconcileFrom = reconcileStart(options, repository, startedAt, planInput.checkpoint !== undefined);
  const plan = planSync({ ...planInput, reconcileFrom });
  // Where the listing would have started without reconciling: its pages before that are the
  // reconciliation's cost.
  const ordinaryFrom = reconcileFrom === undefined ? plan.listFrom : planSync(planInput).listFrom;
  const runId = repository.startRun({
    mode: options.mode,
    window_start: plan.since === 0 ? null : plan.since,
    pid: process.pid,
    started_at: startedAt,
  });

  const tracker = new SyncProgressTracker({ now, stats: () => client.stats, onProgress: options.onProgress });
  const controller = new AbortController();
  // Every queued request and in-flight fetch listens to it: hundreds of listeners is the design, not a leak.
  setMaxListeners(0, controller.signal);
  const signal = controller.signal;
  const onAbort = (): void =>
    controller.abort(
      new FicError(
        'aborted',
        'The sync was cancelled: what it wrote is kept, and the next sync continues from there.',
      ),
    );
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const missingPermissions: MissingPermission[] = [];
  const notePermission = (error: FicError, effect: string): void => {
    missingPermissions.push({
      permission: String(error.details.permission),
      endpoint: String(error.details.endpoint),
      effect,
    });
  };
  const contacts = new ContactFetcher(client, repository, startedAt, (error) =>
    notePermission(error, 'contacts stay as their conversations show them (no email for most)'),
  );
  // Only a run whose listing covers the whole window may say nothing in it was missed.
  const checkUnlisted = (plan.reconcileFrom !== null || plan.since === 0) && !plan.resumed;
  const listed = checkUnlisted ? new IdSet() : undefined;
  const unlistedFrom = plan.reconcileFrom ?? plan.since;
  let dense: DenseSeconds | null = null;
  const reconcile: ReconcileResult | null =
    plan.reconcileFrom === null
      ? null
      : { from: plan.reconcileFrom, listed: 0, listingRequests: 0, checked: 0 };
  let contactsRefreshed = 0;
  // Contacts a rewritten conversation stopped naming, with the contact that replaced them: checked once
  // the conversations are in (a 404 then is a contact merged into the one that replaced it).
  const unlinked = new Map<string, string | null>();
  let countsRecordedAt = Number.NEGATIVE_INFINITY;

  const pipeline = new PagePipeline({
    client,
    repository,
    plan,
    tracker,
    contacts,
    concurrency,
    pagesAhead: Math.max(1, options.pagesAhead ?? SYNC_DEFAULTS.pagesAhead),
    maxConversations: options.maxConversations,
    checkpoint: planInput.checkpoint,
    recheck: recheckDuring(plan, startedAt),
    nowSeconds,
    signal,
    onBeforeCommit: options.onBeforeCommit,
    failing: new Set(repository.ledger.failures('conversation').map((failure) => failure.id)),
    streak: new FailureStreak(),
    listed,
    // A quarter of the RSS limit for the fetched work: the runtime, SQLite and the HTTP stack hold the rest.
    memoryBudgetBytes: ((options.memoryLimitMb ?? SYNC_DEFAULTS.memoryLimitMb) * 1024 * 1024) / 4,
    // The run's counts on record as pages land, at most once a second: a run killed outright (SIGKILL,
    // a power cut) then shows what it wrote when the next run marks it interrupted.
    onPageCommitted: () => {
      const at = now();
      if (at - countsRecordedAt < 1000) return;
      countsRecordedAt = at;
      // The requests too: `fic status` and get_sync_status show a running sync's progress from this row.
      const stats = tracker.requestStats();
      repository.updateRun(runId, {
        conversations_seen: tracker.conversationsSeen,
        conversations_synced: tracker.conversationsWritten,
        parts_synced: tracker.partsWritten,
        contacts_synced: tracker.contactsWritten,
        api_requests: stats.requests,
        retries: stats.retries,
        rate_limited: stats.rateLimited,
        errors: stats.errors,
      });
    },
    onUnlinkedContacts: (contacts) => {
      for (const contact of contacts) unlinked.set(contact.id, contact.replacedBy);
    },
  });
  const governor = new MemoryGovernor({
    limitMb: options.memoryLimitMb ?? SYNC_DEFAULTS.memoryLimitMb,
    maxConcurrency: concurrency,
    onChange: (allowed, memoryPressure) => pipeline.setConcurrency(allowed, memoryPressure),
    inFlightBytes: () => pipeline.inFlightBytes,
  });

  async function* pages(): AsyncGenerator<ListedPage> {
    yield* checkPages(repository.ledger.failures('conversation').map((failure) => failure.id));
    const listing = conversationPages(
      { searchConversations: client.searchConversationStamps.bind(client) },
      {
        updatedSince: plan.listFrom,
        signal,
        onDenseSecond: (event) => {
          dense = {
            count: (dense?.count ?? 0) + 1,
            latest: Math.max(dense?.latest ?? 0, event.second),
            cursorFallback: (dense?.cursorFallback ?? false) || event.cursorFallback,
          };
        },
      },
    );
    for await (const page of listing) {
      if (reconcile !== null) {
        reconcile.listed += page.items.filter((item) => item.updated_at >= reconcile.from).length;
        if (Math.max(...page.items.map((item) => item.updated_at)) < ordinaryFrom)
          reconcile.listingRequests += 1;
      }
      yield page;
    }
    if (listed === undefined) return;
    for (const page of unlistedCheckPages(repository, listed, unlistedFrom, startedAt)) {
      if (reconcile !== null) reconcile.checked += page.items.length;
      yield page;
    }
  }

  const finish = (status: string, error?: FicError): SyncResult => {
    governor.stop();
    tracker.stop();
    const stats = tracker.requestStats();
    const durationMs = Math.max(0, now() - startedMs);
    const rate =
      durationMs > 0 ? Math.round((tracker.conversationsWritten / durationMs) * 10_000) / 10 : null;
    const outstandingFailures =
      repository.ledger.failureCount('conversation') + repository.ledger.failureCount('contact');
    const finalStatus = status === 'succeeded' && outstandingFailures > 0 ? 'partial' : status;
    repository.finishRun(runId, {
      status: finalStatus,
      finished_at: nowSeconds(),
      conversations_seen: tracker.conversationsSeen,
      conversations_synced: tracker.conversationsWritten,
      parts_synced: tracker.partsWritten,
      contacts_synced: tracker.contactsWritten,
      api_requests: stats.requests,
      retries: stats.retries,
      rate_limited: stats.rateLimited,
      errors: stats.errors,
      duration_ms: durationMs,
      peak_rss_mb: governor.peakRssMb,
      conversations_per_second: rate,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      conversations_deleted: tracker.conversationsDeleted,
      conversations_failed: tracker.conversationsFailed,
      reconciled: reconcile === null ? 0 : 1,
      notes: JSON.stringify({ reconcile, denseSeconds: dense, missingPermissions, contactsRefreshed }),
    });
    return {
      status: finalStatus === 'partial' ? 'partial' : finalStatus === 'succeeded' ? 'succeeded' : 'failed',
      runId,
      conversationsSeen: tracker.conversationsSeen,
      conversationsSynced: tracker.conversationsWritten,
      conversationsMissing: tracker.conversationsMissing,
      conversationsDeleted: tracker.conversationsDeleted,
      conversationsFailed: tracker.conversationsFailed,
      outstandingFailures,
      partsSynced: tracker.partsWritten,
      contactsSynced: tracker.contactsWritten,
      contactsRefreshed,
      apiRequests: stats.requests,
      retries: stats.retries,
      rateLimitedResponses: stats.rateLimited,
      durationMs,
      peakRssMb: governor.peakRssMb,
      checkpoint: repository.getState<SyncCheckpoint>(STATE_KEYS.checkpoint) ?? null,
      reconcile,
      missingPermissions,
      denseSeconds: dense,
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
    };
  };

  const releaseHeap = leanHeap();
  try {
    tracker.setPhase('metadata');
    // The token, checked once: a 401 here is a token Intercom does not accept ('auth'); a 401 from any
    // later endpoint is a permission the token lacks ('permission').
    const me = await client.getMe({ signal });
    // Inbox links (intercom_url in the MCP answers) need the app's id_code; GET /me is the one place it shows.
    if (me.app?.id_code != null && me.app.id_code !== '') {
      repository.setState(WORKSPACE_APP_STATE_KEY, {
        idCode: me.app.id_code,
        name: me.app.name ?? null,
        region: me.app.region ?? null,
      });
    }
    const metadata = await syncMetadata(client, repository, startedAt, { signal });
    missingPermissions.push(...metadata.missing);

    tracker.setPhase('deletions');
    try {
      const deletions = await syncDeletions(client, repository, {
        startedAt,
        lookbackSeconds: lookbackMinutes * 60,
        signal,
      });
      tracker.conversationsDeleted += deletions.removed;
    } catch (error) {
      if (!isFicError(error)) throw error;
      if (error.code === 'permission') {
        notePermission(error, 'deletions reach the copy only when a deleted conversation is fetched again');
      } else if (!deletedListUnavailable(error)) {
        throw error;
      }
    }

    tracker.setPhase('conversations');
    const outcome = await pipeline.run(pages());
    if (outcome.complete) {
      const state: Record<string, unknown> = {
        [STATE_KEYS.resume]: undefined,
        [STATE_KEYS.recheck]: recheckAfter(plan, startedAt),
        [STATE_KEYS.denseSeconds]: dense ?? undefined,
      };
      if (checkUnlisted && unlistedFrom === 0) state[STATE_KEYS.reconciledAt] = startedAt;
      else if (reconcile !== null && !plan.resumed) state[STATE_KEYS.reconciledAt] = startedAt;
      repository.writeConversations([], state);
    }

    tracker.setPhase('contacts');
    await retryContactStubs(contacts, repository, nowSeconds, signal);
    await checkUnlinkedContacts(contacts, repository, unlinked, nowSeconds, signal);
    const refresh = await refreshContacts(client, repository, {
      startedAt,
      lookbackSeconds: lookbackMinutes * 60,
      from: plan.reconcileFrom ?? undefined,
      syncedAt: nowSeconds,
      signal,
    });
    contactsRefreshed = refresh.refreshed;
    if (refresh.missing !== undefined) missingPermissions.push(refresh.missing);
    repository.setState(STATE_KEYS.missingPermissions, missingPermissions);

    tracker.setPhase('done');
    return finish(outcome.complete ? 'succeeded' : 'partial');
  } catch (caught) {
    if (!controller.signal.aborted) controller.abort(caught);
    const error = asFicError(options.signal?.aborted === true ? controller.signal.reason : caught);
    const result = finish(error.code === 'aborted' ? 'interrupted' : 'failed', error);
    throw new FicError(error.code, error.message, {
      cause: error,
      details: { ...error.details, runId, conversationsSynced: result.conversationsSynced },
    });
  } finally {
    // Requests a failed run left in flight are cancelled, not waited for.
    if (!controller.signal.aborted) controller.abort();
    options.signal?.removeEventListener('abort', onAbort);
    releaseHeap();
  }
}

/**
 * Contacts still stubs (contact search did not return them and GET failed, or a run stopped before
 * fetching them), fetched again: the search first, GET /contacts/{id} for what it misses.
 */
async function retryContactStubs(
  contacts: ContactFetcher,
  repository: ConversationRepository,
  nowSeconds: () => number,
  signal: AbortSignal,
): Promise<void> {
  for (const batch of contacts.claim(repository.contactStubs(CONTACT_RETRIES_PER_RUN))) {
    const fetched = await contacts.fetchBatch(batch, nowSeconds(), { signal });
    if (fetched.contacts.length > 0) repository.upsertContacts(fetched.contacts);
    repository.writePage({
      conversations: [],
      contactsGone: fetched.gone.map((id) => ({ id, mergedInto: null })),
      failures: fetched.failures,
      resolved: [...fetched.contacts.map((contact) => contact.id), ...fetched.gone].map((id) => ({
        kind: 'contact' as const,
        id,
      })),
    });
    contacts.release(batch);
  }
}

/**
 * Contacts no conversation names any more (a contact merge moved their conversations to another
 * contact): read again with GET /contacts/{id}. A 404 marks one gone, merged into the contact that
 * took its place; one that still exists is refreshed.
 */
async function checkUnlinkedContacts(
  contacts: ContactFetcher,
  repository: ConversationRepository,
  unlinked: Map<string, string | null>,
  nowSeconds: () => number,
  signal: AbortSignal,
): Promise<void> {
  const orphans = repository.contactsWithoutConversations(unlinked.keys());
  for (let start = 0; start < orphans.length; start += 50) {
    const batch = orphans.slice(start, start + 50);
    const fetched = await contacts.fetchEach(batch, nowSeconds(), { signal });
    if (fetched.contacts.length > 0) repository.upsertContacts(fetched.contacts);
    repository.writePage({
      conversations: [],
      contactsGone: fetched.gone.map((id) => ({ id, mergedInto: unlinked.get(id) ?? null })),
      failures: fetched.failures,
    });
  }
}

/** Where this run's reconciliation re-lists from, or undefined when it does not reconcile. */
function reconcileStart(
  options: SyncOptions,
  repository: ConversationRepository,
  startedAt: number,
  hasCheckpoint: boolean,
): number | undefined {
  const mode = options.reconcile ?? 'auto';
  const days = options.reconcileDays ?? SYNC_DEFAULTS.reconcileDays;
  const windowStart = startedAt - Math.round(days * 86_400);
  switch (mode) {
    case 'off':
      return undefined;
    case 'all':
      return 0;
    case 'window':
      return windowStart;
    case 'auto': {
      if (options.mode !== 'incremental' || !hasCheckpoint) return undefined;
      const last = repository.getState<number>(STATE_KEYS.reconciledAt);
      const hours = options.reconcileHours ?? SYNC_DEFAULTS.reconcileHours;
      return last === undefined || startedAt - last >= hours * 3600 ? windowStart : undefined;
    }
  }
}

/**
 * The `recheck` mark written while the run goes: conversations we fetch from now on may be updated again
 * in the second we fetched them, and an earlier mark still stands until a run lists past it.
 */
function recheckDuring(plan: SyncPlan, startedAt: number): number {
  const own = startedAt - SAME_SECOND_MARGIN_SECONDS;
  return plan.recheckMark === null ? own : Math.min(plan.recheckMark, own);
}

/** Once a run has listed everything from its start, the earlier mark is settled if the listing covered it. */
function recheckAfter(plan: SyncPlan, startedAt: number): number {
  const own = startedAt - SAME_SECOND_MARGIN_SECONDS;
  return plan.recheckMark !== null && plan.listFrom > plan.recheckMark
    ? Math.min(plan.recheckMark, own)
    : own;
}

/**
 * GET /conversations/deleted exists from Intercom-Version 2.16; older versions answer 400 (or 404).
 * Without it, deletions still reach the copy through 404s on fetches and reconciliation.
 */
function deletedListUnavailable(error: FicError): boolean {
  return error.code === 'not_found' || (error.code === 'api' && error.details.status === 400);
}

function asFicError(error: unknown): FicError {
  if (isFicError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FicError(
    'api',
    `The sync failed unexpectedly: ${message}. Run fic sync again; fic verify checks the database.`,
    {
      cause: error,
    },
  );
}
