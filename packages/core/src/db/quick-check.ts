import type BetterSqlite3 from 'better-sqlite3';
import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';
import { databaseFailureKind } from './sqlite-errors.js';

/** How many problems a quick check lists (it bounds the report, not the time: the whole file is read). */
const listedProblems = 5;

/**
 * SQLite's `PRAGMA quick_check`: every page of the file is read and each b-tree's structure checked
 * (not that indexes match their tables: `fic verify` runs the full integrity_check). Returns the problems
 * found, none when the file is sound. It reads the whole file: 0.8-1.2 s for 44,000 conversations
 * (376 MB) with the file in the OS cache, about 4 s from a cold disk; it stops early at the fifth
 * problem.
 */
export function quickCheck(database: FicDatabase): string[] {
  return quickCheckConnection(sqliteOf(database));
}

/** `quickCheck` on a bare connection, before it becomes a `FicDatabase` (open-database.ts). */
export function quickCheckConnection(sqlite: BetterSqlite3.Database): string[] {
  try {
    const found = sqlite.prepare(`PRAGMA quick_check(${listedProblems})`).pluck().all() as string[];
    if (found.length === 1 && found[0] === 'ok') return [];
    // One row may hold several lines, headed "*** in database main ***".
    return found
      .flatMap((row) => row.split('\n'))
      .filter((line) => line.trim() !== '' && !line.startsWith('***'))
      .slice(0, listedProblems);
  } catch (error) {
    // Damage bad enough that the check cannot even start (page 1, the schema) is its finding.
    if (databaseFailureKind(error) === 'corrupt') return [(error as Error).message];
    throw error;
  }
}
