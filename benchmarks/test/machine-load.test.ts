import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import test from 'node:test';
import { startLoadMeter } from '../src/machine-load.js';

const linux = process.platform === 'linux';

// A process outside the benchmark's reaped tree (alive, not yet waited for) burns CPU: the meter must
// see at least that much. Only a lower bound: other processes on a shared machine add to it.
test(
  'the CPU of a process the run has not reaped counts as other load',
  { skip: !linux && 'needs /proc' },
  async () => {
    const meter = startLoadMeter();
    const burner = spawn(
      process.execPath,
      [
        '-e',
        `const start = process.cpuUsage();
       while (process.cpuUsage(start).user < 600_000) {}
       process.stdout.write('burned\\n');
       process.stdin.resume();`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const [chunk] = (await once(burner.stdout, 'data')) as [Buffer];
      assert.equal(chunk.toString().trim(), 'burned');
      const load = meter.stop();
      assert.ok(load !== null);
      assert.ok(load.cpuSeconds >= 0.5, `other CPU ${load.cpuSeconds} s, the burner alone used 0.6 s`);
      assert.ok(load.shareOfMachine > 0 && load.shareOfMachine <= 1);
    } finally {
      burner.kill('SIGKILL');
      await once(burner, 'exit');
    }
  },
);
