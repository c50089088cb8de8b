import fs from 'node:fs';
import path from 'node:path';
import { FicError } from '../errors.js';
import { databaseFailure, rebuildAdvice } from './sqlite-errors.js';

/** Where a database lives, checked before SQLite (or the sync lock) touches anything there. */
export interface DatabaseFile {
  /** The path as given, resolved against the working directory. */
  readonly path: string;
  /**
   * The file's real path: symbolic links resolved, for a file not created yet its nearest existing
   * directory's. Two names for one database share it, so the sync lock is keyed by it.
   */
  readonly realPath: string;
  readonly exists: boolean;
}

/** The first 16 bytes of every SQLite database file. */
const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses a path that is not a database fic may use, with a sentence naming it: a directory, a device
 * or anything else that is not a regular file (FicError 'invalid_input'), an existing non-empty file
 * that does not start with SQLite's header ('corrupt': fic never writes over a file it did not make),
 * and for `write`, a file, directory or filesystem that is read-only ('read_only'; a file whose mode
 * has no write bit is read-only even to root: its owner made it so). Changes nothing.
 */
export function inspectDatabaseFile(filePath: string, access: 'read' | 'write'): DatabaseFile {
  const resolved = path.resolve(filePath);
  const stat = statOrUndefined(resolved);
  if (stat === undefined) {
    if (access === 'read') {
      throw new FicError('not_found', `No database at ${resolved}: run fic sync first.`);
    }
    if (lstatOrUndefined(resolved) !== undefined) {
      throw new FicError(
        'invalid_input',
        `${resolved} is a symbolic link to a file that does not exist (${fs.readlinkSync(resolved)}): point --db at the database itself.`,
      );
    }
    const directory = nearestDirectory(path.dirname(resolved));
    if (directory.missing.length === 0) checkWritable(directory.path, resolved, 'directory');
    return { path: resolved, realPath: realPathOf(resolved, directory), exists: false };
  }
  if (!stat.isFile()) {
    throw new FicError(
      'invalid_input',
      `${resolved} is ${describeType(stat)}, not a database file: give --db (or FASTINTERCOM_DB_PATH) the path of a file; fic creates it if it does not exist.`,
    );
  }
  if (stat.size > 0 && !hasSqliteHeader(resolved)) {
    throw new FicError(
      'corrupt',
      `${resolved} is not an SQLite database (it does not start with "SQLite format 3"), so fic leaves it alone. ` +
        `Choose another --db path; if it is a fic database whose beginning was damaged, ${rebuildAdvice(resolved)}.`,
      { details: { path: resolved } },
    );
  }
  if (access === 'write') {
    checkWritable(resolved, resolved, 'file', stat.mode);
    checkWritable(path.dirname(resolved), resolved, 'directory');
  }
  return { path: resolved, realPath: fs.realpathSync(resolved), exists: true };
}

/**
 * The real path of a database (see `DatabaseFile.realPath`) without judging it: what the sync lock of a
 * path that may not exist yet is named after.
 */
export function databaseRealPath(filePath: string): string {
  const resolved = path.resolve(filePath);
  try {
    return fs.realpathSync(resolved);
  } catch {
    return realPathOf(resolved, nearestDirectory(path.dirname(resolved)));
  }
}

function realPathOf(file: string, directory: { path: string; missing: string[] }): string {
  return path.join(fs.realpathSync(directory.path), ...directory.missing, path.basename(file));
}

/**
 * Creates the database file the inspection found missing: its missing directories mode 0700, the file
 * itself 0600 (exactly: fic made it). Returns whether it created the file; an existing file is left as
 * it is, mode included.
 */
export function createDatabaseFile(file: DatabaseFile): boolean {
  if (file.exists) return false;
  try {
    fs.mkdirSync(path.dirname(file.path), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(file.path, 'wx', 0o600);
    try {
      fs.fchmodSync(fd, 0o600); // the umask may have taken bits away
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false; // another process created it
    throw (
      databaseFailure(error, file.path, 'create the database') ??
      new FicError('database', `Cannot create the database ${file.path}: ${(error as Error).message}`, {
        cause: error,
      })
    );
  }
}

function checkWritable(target: string, database: string, what: 'file' | 'directory', mode?: number): void {
  let denied: string | undefined;
  let readOnlyFilesystem = false;
  if (mode !== undefined && (mode & 0o222) === 0) {
    denied = `its mode is ${(mode & 0o777).toString(8).padStart(4, '0')}`;
  }
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    readOnlyFilesystem = code === 'EROFS';
    denied = readOnlyFilesystem
      ? 'it is on a read-only filesystem'
      : `no write permission, ${code ?? 'denied'}`;
  }
  if (denied === undefined) return;
  const subject = what === 'file' ? `${database} is read-only` : `The directory of ${database} is read-only`;
  const fix = readOnlyFilesystem
    ? 'mount it read-write or sync into another --db path'
    : what === 'file'
      ? `make it writable (chmod u+w ${database}) or sync into another --db path. Reading it (fic status, search, ...) still works`
      : `SQLite creates the -wal and -shm files and fic its lock file beside the database: make ${target} writable or sync into another --db path`;
  throw new FicError('read_only', `${subject} (${denied}): fic sync writes into it; ${fix}.`, {
    details: { path: database },
  });
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(sqliteHeader.length);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw databaseFailure(error, file) ?? error;
  }
  try {
    return fs.readSync(fd, header, 0, header.length, 0) === header.length && header.equals(sqliteHeader);
  } finally {
    fs.closeSync(fd);
  }
}

/** The closest directory that exists, and the names below it that do not yet. */
function nearestDirectory(dir: string): { path: string; missing: string[] } {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    const stat = statOrUndefined(current);
    if (stat?.isDirectory() === true) return { path: current, missing };
    if (stat !== undefined) {
      throw new FicError(
        'invalid_input',
        `${current} is ${describeType(stat)}, not a directory: the database path must lie in a directory.`,
      );
    }
    missing.unshift(path.basename(current));
    current = path.dirname(current);
  }
}

function describeType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'a regular file';
}

/** The file's status, or undefined when nothing is there (ENOTDIR: a file stands where a directory should). */
function statOrUndefined(target: string, follow = true): fs.Stats | undefined {
  try {
    return follow ? fs.statSync(target) : fs.lstatSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw databaseFailure(error, target) ?? error;
  }
}

function lstatOrUndefined(target: string): fs.Stats | undefined {
  return statOrUndefined(target, false);
}
