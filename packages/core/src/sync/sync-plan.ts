import { FicError } from '../errors.js';
import type { SyncCheckpoint, SyncMode } from './sync-types.js';

/** sync_state keys the engine owns. */
export const STATE_KEYS = {
  /** SyncCheckpoint: everything listed up to it (in updated_at order) is committed. Never moves backwards. */
  checkpoint: 'checkpoint',
  /** ResumeState: where a run that stopped early (killed, failed, bounded) got to. */
  resume: 'resume',
  /** number: stored conversations updated at or after it may hide a same-second update; re-fetched when listed. */
  recheck: 'recheck',
  /** number: deletions (GET /conversations/deleted) up to this deleted_at are applied to the copy. */
  deletions: 'deletions_checkpoint',
  /** number: contact changes (contact search on updated_at) up to this second are applied. */
  contacts: 'contacts_checkpoint',
  /** number: when the last reconciliation (a deeper re-listing) finished, Unix seconds. */
  reconciledAt: 'reconciled_at',
  /** MissingPermission[]: what the last run could not read for want of a permission. */
  missingPermissions: 'missing_permissions',
  /** DenseSeconds: seconds holding more conversations than a search page, as the last run met them. */
  denseSeconds: 'dense_seconds',
} as const;

/** An endpoint the token may not call, as the last run found it. */
export interface MissingPermission {
  permission: string;
  endpoint: string;
  /** What the run did without it. */
  effect: string;
}

export interface DenseSeconds {
  /** Seconds of the last run's listing holding more than a page of conversations. */
  count: number;
  /** The latest of them (Unix seconds). */
  latest: number;
  /** Whether a listing had to follow the API's cursor inside one created_at second (may skip items). */
  cursorFallback: boolean;
}

export interface ResumeState {
  mode: SyncMode;
  /** The run's own lower bound: [since, after] is committed. */
  since: number;
  after: SyncCheckpoint;
}

/**
 * A conversation fetched less than this long after its updated_at may be updated again within the same
 * second after our fetch (or our clock may be that much behind Intercom's): the next run fetches it again.
 */
export const SAME_SECOND_MARGIN_SECONDS = 60;

export interface SyncPlanInput {
  mode: SyncMode;
  since?: number;
  lookbackMinutes: number;
  /** Unix seconds. */
  now: number;
  checkpoint: SyncCheckpoint | undefined;
  resume: ResumeState | undefined;
  recheck: number | undefined;
  /** A reconciliation re-lists from here (Unix seconds, inclusive); undefined: no reconciliation. */
  reconcileFrom?: number;
}

export interface SyncPlan {
  mode: SyncMode;
  /** The run's lower bound (what it must cover), recorded in `resume.since` and `sync_runs.window_start`. */
  since: number;
  /** Where the listing starts (inclusive): `since`, or later when resuming a run that covered it. */
  listFrom: number;
  /** Re-fetch details even when the stored copy is current (full). */
  force: boolean;
  /** In a resumed full run: stored conversations updated before this second were already re-fetched. */
  forceSkipBefore: number;
  /** The stored `recheck` mark (null: none). */
  recheckMark: number | null;
  /**
   * Stored conversations listed with updated_at >= this are re-fetched even when they look current: the
   * recheck mark, and the checkpoint's own second (an update in that second is invisible to updated_at).
   */
  recheckFrom: number | null;
  /** Whether this run's pages are contiguous with the committed history, so they may move the checkpoint. */
  advancesCheckpoint: boolean;
  /** Whether the run resumes where an earlier one stopped. */
  resumed: boolean;
  /** Where this run's reconciliation re-lists from (inclusive), or null when it does not reconcile. */
  reconcileFrom: number | null;
}

/**
 * Decides what one run lists. Incremental runs start a lookback before the checkpoint (late writes) and
 * no later than the recheck mark; without a checkpoint they list everything. A run whose lower bound is
 * covered by an earlier stopped run (`resume`) continues from where that one got, minus the lookback.
 */
export function planSync(input: SyncPlanInput): SyncPlan {
  const lookback = Math.max(0, Math.round(input.lookbackMinutes * 60));
  const { checkpoint, resume, recheck } = input;
  let since: number;
  if (input.mode === 'window') {
    if (input.since === undefined || !Number.isFinite(input.since) || input.since < 0) {
      throw new FicError('invalid_input', 'A window sync needs a start: pass --days N (N > 0).');
    }
    since = Math.floor(Math.min(input.since, input.now));
  } else if (input.mode === 'incremental' && checkpoint !== undefined) {
    since = Math.max(0, checkpoint.updatedAt - lookback);
    if (recheck !== undefined) since = Math.min(since, recheck);
  } else {
    since = 0;
  }
  const reconcileFrom =
    input.reconcileFrom === undefined
      ? null
      : Math.max(0, Math.floor(Math.min(input.reconcileFrom, input.now)));
  if (reconcileFrom !== null) since = Math.min(since, reconcileFrom);
  const force = input.mode === 'full';
  const resumable =
    resume !== undefined &&
    resume.since <= since &&
    resume.after.updatedAt > since &&
    (!force || resume.mode === 'full');
  const marks = [recheck, checkpoint?.updatedAt].filter((mark) => mark !== undefined);
  const listFrom = resumable ? Math.max(since, resume.after.updatedAt - lookback) : since;
  return {
    mode: input.mode,
    since,
    listFrom,
    force,
    forceSkipBefore: resumable ? resume.after.updatedAt : 0,
    recheckMark: recheck ?? null,
    recheckFrom: marks.length === 0 ? null : Math.min(...marks),
    advancesCheckpoint: checkpoint === undefined || since <= checkpoint.updatedAt,
    resumed: resumable,
    reconcileFrom,
  };
}

/** The later of two checkpoints (a window or resumed run must never move the mark backwards). */
export function laterCheckpoint(a: SyncCheckpoint | undefined, b: SyncCheckpoint): SyncCheckpoint {
  if (a === undefined || b.updatedAt > a.updatedAt || (b.updatedAt === a.updatedAt && b.id > a.id)) return b;
  return a;
}
