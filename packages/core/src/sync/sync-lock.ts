import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FicError } from '../errors.js';

/** What a lock file holds: who syncs, since when (Unix seconds), on which machine. */
export interface SyncLockInfo {
  pid: number;
  startedAt: number;
  host: string;
}

export interface SyncLock {
  /** `<db>.lock` */
  readonly path: string;
  readonly info: SyncLockInfo;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** A lock file with no readable holder younger than this is a sync still writing it, not a crashed one. */
const unreadableLockGraceMs = 10_000;

/**
 * One sync at a time per database: `<db>.lock` created with O_EXCL holds the holder's pid. A second
 * acquirer gets FicError('locked') naming the pid; a lock whose process is gone (killed, crashed) is
 * taken over.
 */
export function acquireSyncLock(dbPath: string): SyncLock {
  const lockPath = syncLockPath(dbPath);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const info: SyncLockInfo = {
    pid: process.pid,
    startedAt: Math.floor(Date.now() / 1000),
    host: os.hostname(),
  };
  const content = JSON.stringify(info);
  // Two tries: the second follows the removal of a stale lock. If another process recreated the
  // lock in between, it won the takeover and we report it as the holder.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusive(lockPath, content)) return heldLock(lockPath, info, content);
    const found = readLockFile(lockPath);
    if (found === undefined) continue; // released meanwhile
    if (!isStale(found)) throw lockedError(dbPath, lockPath, found.info);
    removeStaleLock(lockPath, found.raw);
  }
  const holder = readLockFile(lockPath);
  throw lockedError(dbPath, lockPath, holder?.info);
}

/** The current holder of the database's sync lock, if any (it may be stale). */
export function readSyncLock(dbPath: string): SyncLockInfo | undefined {
  return readLockFile(syncLockPath(dbPath))?.info;
}

export function syncLockPath(dbPath: string): string {
  return `${path.resolve(dbPath)}.lock`;
}

/** Whether a process with this pid exists (on this machine). EPERM means it exists but is not ours. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function createExclusive(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new FicError('locked', `Cannot create the sync lock ${lockPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

interface LockFile {
  raw: string;
  info: SyncLockInfo | undefined;
  modifiedMs: number;
}

function readLockFile(lockPath: string): LockFile | undefined {
  let raw: string;
  let modifiedMs: number;
  try {
    modifiedMs = fs.statSync(lockPath).mtimeMs;
    raw = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { raw, info: parseLockInfo(raw), modifiedMs };
}

function parseLockInfo(raw: string): SyncLockInfo | undefined {
  try {
    const value = JSON.parse(raw) as Partial<SyncLockInfo> | null;
    if (typeof value?.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return {
      pid: value.pid,
      startedAt: typeof value.startedAt === 'number' ? value.startedAt : 0,
      host: typeof value.host === 'string' ? value.host : '',
    };
  } catch {
    return undefined;
  }
}

function isStale(lock: LockFile): boolean {
  if (lock.info === undefined) return Date.now() - lock.modifiedMs > unreadableLockGraceMs;
  // A pid on another machine (a database on a shared disk) cannot be checked: assume it lives.
  if (lock.info.host !== '' && lock.info.host !== os.hostname()) return false;
  return !isProcessAlive(lock.info.pid);
}

/**
 * Moves the stale lock aside (rename is atomic) and deletes it. If what we moved is not the stale
 * lock we judged (another process took over in between and wrote its own), we put it back.
 */
function removeStaleLock(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.${process.pid}.${Date.now()}.stale`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else removed it
    throw error;
  }
  const moved = fs.readFileSync(aside, 'utf8');
  if (moved !== staleContent) {
    try {
      fs.linkSync(aside, lockPath); // fails (EEXIST) rather than clobber a newer lock
    } catch {
      // A newer lock is in place; the one we moved lost the race.
    }
  }
  fs.rmSync(aside, { force: true });
}

function heldLock(lockPath: string, info: SyncLockInfo, content: string): SyncLock {
  let released = false;
  return {
    path: lockPath,
    info,
    release(): void {
      if (released) return;
      released = true;
      // Only our own lock: after a takeover (we were presumed dead) the file belongs to another sync.
      if (readLockFile(lockPath)?.raw === content) fs.rmSync(lockPath, { force: true });
    },
  };
}

function lockedError(dbPath: string, lockPath: string, holder: SyncLockInfo | undefined): FicError {
  const who = holder === undefined ? 'Another sync' : `Another sync (pid ${holder.pid})`;
  const fix =
    holder === undefined
      ? `wait for it to finish and try again (or delete ${lockPath} if no sync is running)`
      : `wait for it to finish, or stop it (kill ${holder.pid}) and run the command again`;
  return new FicError('locked', `${who} is running on ${path.resolve(dbPath)}: ${fix}.`, {
    details: { pid: holder?.pid, host: holder?.host, startedAt: holder?.startedAt, lockPath },
  });
}
