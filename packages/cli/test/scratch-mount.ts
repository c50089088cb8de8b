import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small tmpfs of its own, for a full disk or a read-only filesystem that are real, not simulated. */
export interface ScratchMount {
  readonly dir: string;
  /** `mount -o remount,ro`: everything in it stays readable, nothing can be written. */
  readonly remountReadOnly: () => void;
  /** Unmounts and removes the mount point; safe to call twice. */
  readonly unmount: () => void;
}

/**
 * Mounts a tmpfs of `sizeMb` (root only: undefined where mounting is not permitted, and the test says
 * it skipped). Unmounted when the test process exits if the test did not.
 */
export function mountScratch(sizeMb: number): ScratchMount | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fic-mount-'));
  if (run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir]) !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  let mounted = true;
  const unmount = (): void => {
    if (!mounted) return;
    mounted = false;
    run('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', unmount);
  return {
    dir,
    remountReadOnly: () => {
      if (run('mount', ['-o', 'remount,ro', dir]) !== 0) throw new Error(`cannot remount ${dir} read-only`);
    },
    unmount,
  };
}

export const mountSkipReason = 'mounting a tmpfs is not permitted here (it needs root)';

function run(command: string, args: string[]): number | null {
  return spawnSync(command, args, { stdio: 'ignore' }).status;
}
