import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseRealPath, inspectDatabaseFile } from '../db/database-file.js';
import { databaseFailure } from '../db/sqlite-errors.js';
import { FicError } from '../errors.js';

/** What a lock file holds: who syncs, since when (Unix seconds), on which machine. */
export interface SyncLockInfo {
  pid: number;
  startedAt: number;
  host: string;
  /**
   * Linux: when the holder process started, in clock ticks since boot (field 22 of /proc/<pid>/stat).
   * A process with the same pid and another start time is not the holder: its pid was reused.
   */
  processStart?: number;
  /** Linux: /proc/sys/kernel/random/boot_id when the lock was taken; after a reboot no holder is alive. */
  bootId?: string;
}

/** A lock file and what its holder's state tells about it. */
export interface SyncLockState {
  readonly path: string;
  /** undefined while the file is unreadable (being written, or damaged). */
  readonly info: SyncLockInfo | undefined;
  /** True when the holder is certainly gone: the next sync takes the lock over. */
  readonly stale: boolean;
  /** Why it is stale (or why fic cannot be sure it is not), as a clause: "pid 1 is now another process". */
  readonly reason: string | undefined;
}

export interface SyncLock {
  /** `<real path of the db>.lock` */
  readonly path: string;
  readonly info: SyncLockInfo;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** A lock file with no readable holder younger than this is a sync still writing it, not a crashed one. */
const unreadableLockGraceMs = 10_000;

/**
 * One sync at a time per database: `<db>.lock` created with O_EXCL holds the holder's pid, its start
 * time and the boot id. The lock is named after the database's real path, so two names for one file
 * (a symbolic link, a relative path) share one lock. A second acquirer gets FicError('locked') naming
 * the pid; a lock whose process is gone (killed, crashed, its pid since reused by another process, the
 * machine restarted) is taken over.
 *
 * The path is checked first (see inspectDatabaseFile): a directory, a device, a file that is not a
 * database or a read-only one is refused before anything is created beside it.
 */
export function acquireSyncLock(dbPath: string): SyncLock {
  const file = inspectDatabaseFile(dbPath, 'write');
  const lockPath = `${file.realPath}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const { processStart, bootId } = processIdentity(process.pid);
  const info: SyncLockInfo = {
    pid: process.pid,
    startedAt: Math.floor(Date.now() / 1000),
    host: os.hostname(),
    ...(processStart === undefined ? {} : { processStart }),
    ...(bootId === undefined ? {} : { bootId }),
  };
  const content = JSON.stringify(info);
  // Two tries: the second follows the removal of a stale lock. If another process recreated the
  // lock in between, it won the takeover and we report it as the holder.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusive(lockPath, content)) return heldLock(lockPath, info, content);
    const found = readLockFile(lockPath);
    if (found === undefined) continue; // released meanwhile
    const state = judge(lockPath, found);
    if (!state.stale) throw lockedError(file.path, state);
    removeStaleLock(lockPath, found.raw);
  }
  const holder = readLockFile(lockPath);
  throw lockedError(file.path, holder === undefined ? undefined : judge(lockPath, holder));
}

/** The current holder of the database's sync lock, if any (it may be stale). */
export function readSyncLock(dbPath: string): SyncLockInfo | undefined {
  return readLockFile(syncLockPath(dbPath))?.info;
}

/** The database's sync lock and whether its holder is still there; undefined when no lock is held. */
export function inspectSyncLock(dbPath: string): SyncLockState | undefined {
  const lockPath = syncLockPath(dbPath);
  const found = readLockFile(lockPath);
  return found === undefined ? undefined : judge(lockPath, found);
}

export function syncLockPath(dbPath: string): string {
  return `${databaseRealPath(dbPath)}.lock`;
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
    // Not 'locked' (exit 3 says another sync runs): a read-only or full disk says so itself.
    throw (
      databaseFailure(error, lockPath, 'create the sync lock file') ??
      new FicError('database', `Cannot create the sync lock ${lockPath}: ${(error as Error).message}`, {
        cause: error,
      })
    );
  }
  try {
    fs.writeSync(fd, content);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(lockPath, { force: true }); // a lock nobody can read would hold every sync off for a while
    throw databaseFailure(error, lockPath, 'write the sync lock file') ?? error;
  }
  fs.closeSync(fd);
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
      ...(Number.isInteger(value.processStart) ? { processStart: value.processStart } : {}),
      ...(typeof value.bootId === 'string' && value.bootId !== '' ? { bootId: value.bootId } : {}),
    };
  } catch {
    return undefined;
  }
}

function judge(lockPath: string, lock: LockFile): SyncLockState {
  const { info } = lock;
  const state = (stale: boolean, reason?: string): SyncLockState => ({ path: lockPath, info, stale, reason });
  if (info === undefined) {
    return Date.now() - lock.modifiedMs > unreadableLockGraceMs
      ? state(true, 'the lock file has no readable holder')
      : state(false);
  }
  // A pid on another machine (a database on a shared disk) cannot be checked: assume it lives.
  if (info.host !== '' && info.host !== os.hostname()) return state(false, `it was taken on ${info.host}`);
  const now = processIdentity(info.pid);
  if (info.bootId !== undefined && now.bootId !== undefined && info.bootId !== now.bootId) {
    return state(true, 'the machine has restarted since it was taken');
  }
  if (!isProcessAlive(info.pid)) return state(true, `process ${info.pid} is gone`);
  if (info.processStart !== undefined && now.processStart !== undefined) {
    return info.processStart === now.processStart
      ? state(false)
      : state(true, `pid ${info.pid} now belongs to another process (the holder is gone)`);
  }
  // An older fic's lock (no start time), or a system without /proc: the pid is all there is to go on.
  if (now.bootTime !== undefined && info.startedAt > 0 && info.startedAt < now.bootTime) {
    return state(true, 'the machine has restarted since it was taken');
  }
  return state(
    false,
    info.processStart === undefined && now.processStart !== undefined
      ? 'the lock does not record its process start time (an older fic wrote it)'
      : 'this system does not tell when a process started',
  );
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

function lockedError(dbPath: string, state: SyncLockState | undefined): FicError {
  const holder = state?.info;
  const lockPath = state?.path ?? syncLockPath(dbPath);
  const who = holder === undefined ? 'Another sync' : `Another sync (pid ${holder.pid})`;
  let fix =
    holder === undefined
      ? `wait for it to finish and try again (or delete ${lockPath} if no sync is running)`
      : `wait for it to finish, or stop it (kill ${holder.pid}) and run the command again`;
  if (holder !== undefined && state?.reason !== undefined) {
    // fic cannot prove pid N is the sync: never advise killing it without saying so.
    fix +=
      `. fic cannot tell whether pid ${holder.pid} is still that sync (${state.reason}): ` +
      `if no fic sync is running, delete ${lockPath}`;
  }
  return new FicError('locked', `${who} is running on ${path.resolve(dbPath)}: ${fix}.`, {
    details: {
      pid: holder?.pid,
      host: holder?.host,
      startedAt: holder?.startedAt,
      lockPath,
    },
  });
}

/** This machine's view of a pid: its start time and the boot id (Linux), and when the machine booted. */
function processIdentity(pid: number): { processStart?: number; bootId?: string; bootTime?: number } {
  const processStart = processStartTicks(pid);
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  const bootTime = Number(/^btime (\d+)$/m.exec(readProc('/proc/stat') ?? '')?.[1] ?? Number.NaN);
  return {
    ...(processStart === undefined ? {} : { processStart }),
    ...(bootId === undefined || bootId === '' ? {} : { bootId }),
    ...(Number.isFinite(bootTime) ? { bootTime } : {}),
  };
}

/** Field 22 of /proc/<pid>/stat (starttime); the command name (field 2) may hold spaces and parentheses. */
function processStartTicks(pid: number): number | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields 3, 4, ...
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) ? ticks : undefined;
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
