import path from 'node:path';
import { FicError } from '../errors.js';
import type { FicErrorCode } from '../errors.js';

/**
 * What SQLite (better-sqlite3's SqliteError, `code` like 'SQLITE_CORRUPT_VTAB') and the filesystem
 * (`code` like 'EROFS') report when the database file itself is the problem, as FicErrors that say
 * what to do. One table serves the writes (the repository's `databaseError`), opening and migrating,
 * the sync lock, and every read path (the CLI maps what a query throws in BaseCommand.catch).
 */
export type DatabaseFailureKind = Extract<
  FicErrorCode,
  'corrupt' | 'disk_full' | 'read_only' | 'busy' | 'database'
>;

/** The failure an error reports, or undefined when it is not about the database file. */
export function databaseFailureKind(error: unknown): DatabaseFailureKind | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (code.startsWith('SQLITE_')) return sqliteKind(code);
  return errnoKinds[code];
}

/**
 * `error` as a FicError about the database at `databasePath` when it is a SQLite or filesystem failure
 * of the file (otherwise undefined). `action` says what was being done ("write a page of 150
 * conversations"); without it the sentence speaks of the database as a whole.
 */
export function databaseFailure(error: unknown, databasePath: string, action?: string): FicError | undefined {
  if (error instanceof FicError) return error;
  const kind = databaseFailureKind(error);
  if (kind === undefined) return undefined;
  const file = path.resolve(databasePath);
  const said = error instanceof Error ? error.message : String(error);
  const failed = action === undefined ? `${file}` : `Could not ${action} in ${file}`;
  return new FicError(kind, `${failed}: ${said}. ${advice[kind](file, action !== undefined)}`, {
    cause: error,
    details: { path: file, sqliteCode: errorCode(error) },
  });
}

/** How to rebuild a damaged database; shared with the checks that find the damage themselves. */
export function rebuildAdvice(file: string): string {
  return (
    `run fic verify --db ${file} to see what is damaged. To rebuild it, move the file and its -wal ` +
    `and -shm files aside (mv ${file} ${file}.damaged) and run fic sync --full --db ${file}`
  );
}

const advice: Record<DatabaseFailureKind, (file: string, wasWrite: boolean) => string> = {
  corrupt: (file) => `The database file is damaged or is not an SQLite database: ${rebuildAdvice(file)}.`,
  disk_full: (file, wasWrite) =>
    `The disk holding ${path.dirname(file)} is full: free some space and run the command again` +
    (wasWrite ? '; nothing of this write was saved, and what was saved before is kept.' : '.'),
  read_only: (file) =>
    `The database cannot be written: fic sync needs write access to ${file} and its directory ` +
    `(for the -wal and -shm files beside it); check their permissions and that the disk is not mounted read-only.`,
  busy: () =>
    'Another program (not a fic sync, which waits on its lock file) kept the database locked past the ' +
    'busy timeout: run the command again when it is done.',
  database: (file) =>
    `The disk failed to read or write the database: check the disk (e.g. dmesg), then run fic verify --db ${file}.`,
};

/**
 * Primary result codes (the part before a second underscore: SQLITE_CORRUPT_VTAB is SQLITE_CORRUPT).
 * SQLITE_CANTOPEN is not here: a path that cannot be opened is checked (and explained) before SQLite
 * opens it, see database-file.ts.
 */
function sqliteKind(code: string): DatabaseFailureKind | undefined {
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  switch (primary) {
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'corrupt';
    case 'SQLITE_FULL':
      return 'disk_full';
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return 'read_only';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'busy';
    case 'SQLITE_IOERR':
      return 'database';
    default:
      return undefined;
  }
}

const errnoKinds: Partial<Record<string, DatabaseFailureKind>> = {
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  EROFS: 'read_only',
  EACCES: 'read_only',
  EPERM: 'read_only',
  EIO: 'database',
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
