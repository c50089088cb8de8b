import type BetterSqlite3 from 'better-sqlite3';
import type { FicDatabase } from '../db/open-database.js';
import { sqliteOf } from '../db/open-database.js';

/**
 * A time budget for one search, so no query holds the one thread every MCP call shares for long.
 *
 * better-sqlite3 (12) exposes neither sqlite3_progress_handler nor sqlite3_interrupt, and runs each
 * statement to its end. What it does expose is application functions, and an exception thrown in one
 * aborts the statement that called it. So the statements whose work grows with the data (the passes
 * over a term's matches, the walk along conversations by activity) call `fic_within_budget()` in their
 * WHERE clause, on one row in CHECK_EVERY (`rowid % 64 <> 0 OR ...` skips the call on the others: a
 * call into JavaScript costs ~0.1 µs, as much as the row; one in 64 costs 2 ns a row), and the budget
 * is also checked between statements. Past the deadline the statement stops with BudgetExceeded.
 *
 * What no function reaches is the work FTS5 does when a statement opens its cursor, before any row: it
 * merges the document lists of every word a prefix term starts into one. That is bounded before the
 * query runs instead, by the prefix's size in the vocabulary (prefix-expansion.ts).
 */
export const SEARCH_TIME_BUDGET_MS = 200;
const CHECK_EVERY = 64;

export interface SearchBudgetOptions {
  /** Milliseconds the search may take. Default SEARCH_TIME_BUDGET_MS. */
  ms?: number;
  /** Milliseconds clock. Default performance.now. */
  clock?: () => number;
}

export class SearchBudget {
  readonly #clock: () => number;
  readonly #deadline: number;
  /** Times the budget was checked: one a CHECK_EVERY rows the statements examined, one a statement. */
  checks = 0;

  constructor(options: SearchBudgetOptions = {}) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#deadline = this.#clock() + (options.ms ?? SEARCH_TIME_BUDGET_MS);
  }

  /** Throws BudgetExceeded once the deadline has passed. */
  check(): void {
    this.checks += 1;
    if (this.#clock() >= this.#deadline) throw new BudgetExceeded();
  }
}

/** The search ran past its budget (the statement that noticed was stopped). */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';

  constructor() {
    super('The search ran past its time budget.');
  }
}

/** SQL condition, always true, that checks the running budget on one row in CHECK_EVERY. */
export function budgetCheck(rowid: string): string {
  return `(${rowid} % ${CHECK_EVERY} <> 0 OR fic_within_budget())`;
}

/** The budget of the search running on each connection; the function reads it. */
const running = new WeakMap<BetterSqlite3.Database, { budget: SearchBudget | undefined }>();

/** Runs `work`, whose statements use budgetCheck, under `budget`. */
export function withinBudget<T>(database: FicDatabase, budget: SearchBudget, work: () => T): T {
  let slot = running.get(sqliteOf(database));
  if (slot === undefined) {
    const created: { budget: SearchBudget | undefined } = { budget: undefined };
    sqliteOf(database).function('fic_within_budget', { deterministic: false, directOnly: true }, () => {
      created.budget?.check();
      return 1;
    });
    running.set(sqliteOf(database), created);
    slot = created;
  }
  slot.budget = budget;
  try {
    return work();
  } finally {
    slot.budget = undefined;
  }
}
