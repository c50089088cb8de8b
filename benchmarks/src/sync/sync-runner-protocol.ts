import type { SyncProgress, SyncResult } from '@fastintercom/core';
import type { RequestCounts } from './counting-transport.js';

/** What the parent passes the sync runner (as one JSON argument). */
export interface SyncRunnerInput {
  apiUrl: string;
  token: string;
  dbPath: string;
  mode: 'incremental' | 'full';
  /** Undefined: the product's default. */
  concurrency: number | undefined;
  /** How often to print a progress sample. */
  sampleMs: number;
  /** Reconciliation; undefined: the product's default ('auto'). */
  reconcile?: 'auto' | 'window' | 'all' | 'off';
}

/** One JSON line the runner prints. */
export type SyncRunnerMessage =
  | { type: 'sample'; tMs: number; progress: SyncProgress; rssMb: number }
  | {
      type: 'result';
      /** From the runner's start to the sync's end, in ms (includes opening the database). */
      wallMs: number;
      result: SyncResult;
      requests: RequestCounts;
      /** Peak resident set size of the whole syncing process (getrusage maxrss). */
      peakRssMb: number;
      /** CPU time (user + system) of the syncing process. */
      cpuMs: number;
    }
  | { type: 'error'; code: string; message: string };
