import fs from 'node:fs';
import os from 'node:os';

/** CPU that processes other than the benchmark's own used while it ran. */
export interface OtherLoad {
  /** CPU seconds (all cores together) used outside the benchmark's process tree. */
  cpuSeconds: number;
  /** That CPU as a share of the machine's capacity over the run (0..1): cores x wall time. */
  shareOfMachine: number;
}

export interface LoadMeter {
  /** What other processes used since the meter started; null where /proc cannot tell (not Linux). */
  stop(): OtherLoad | null;
}

/**
 * Above this share of the machine taken by other processes, a report says its timings are not a quiet
 * machine's (a shared CI runner or a desktop with a browser open easily takes this much).
 */
export const BUSY_MACHINE_SHARE = 0.05;

interface CpuReading {
  /** Busy time of every core together, in clock ticks (/proc/stat: all but idle and iowait). */
  machineBusy: number;
  /** This process's and its reaped children's CPU (utime, stime, cutime, cstime), in clock ticks. */
  ownTree: number;
  atMs: number;
}

/**
 * Starts measuring how much CPU other processes take during a benchmark run, so a report can say whether
 * its timings come from a quiet machine instead of claiming it. Linux only (/proc/stat and
 * /proc/self/stat, both in USER_HZ ticks): the machine's busy time minus this process's own and that of
 * the children it has reaped (the fakes, syncs and servers a run spawns, all waited for before `stop`).
 */
export function startLoadMeter(): LoadMeter {
  const start = readCpu();
  return {
    stop: () => {
      const end = readCpu();
      if (start === null || end === null) return null;
      const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture node runs on
      const other = Math.max(0, end.machineBusy - start.machineBusy - (end.ownTree - start.ownTree));
      const cpuSeconds = other / ticksPerSecond;
      const capacity = (os.availableParallelism() * Math.max(1, end.atMs - start.atMs)) / 1000;
      return {
        cpuSeconds: Math.round(cpuSeconds * 10) / 10,
        shareOfMachine: Math.round(Math.min(1, cpuSeconds / capacity) * 1000) / 1000,
      };
    },
  };
}

function readCpu(): CpuReading | null {
  try {
    const total = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    // cpu user nice system idle iowait irq softirq steal ...
    const [user, nice, system, , , irq, softirq, steal] = total.slice(1, 9).map(Number);
    const machineBusy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
    const ownTree = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    if (!Number.isFinite(machineBusy) || !Number.isFinite(ownTree)) return null;
    return { machineBusy, ownTree, atMs: performance.now() };
  } catch {
    return null;
  }
}
