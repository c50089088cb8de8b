import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FicError } from '../../src/errors.js';
import { laterCheckpoint, planSync } from '../../src/sync/sync-plan.js';
import type { SyncPlanInput } from '../../src/sync/sync-plan.js';

const NOW = 1_760_000_000;
const base: SyncPlanInput = {
  mode: 'incremental',
  lookbackMinutes: 10,
  now: NOW,
  checkpoint: undefined,
  resume: undefined,
  recheck: undefined,
};

test('incremental without a checkpoint lists everything, like full but without forcing details', () => {
  const plan = planSync(base);
  assert.deepEqual([plan.since, plan.listFrom, plan.force, plan.advancesCheckpoint], [0, 0, false, true]);
});

test('incremental starts the lookback before the checkpoint, and no later than the recheck mark', () => {
  const checkpoint = { updatedAt: NOW - 3600, id: '9' };
  const plan = planSync({ ...base, checkpoint });
  assert.equal(plan.since, NOW - 3600 - 600);
  assert.equal(plan.listFrom, plan.since);
  assert.equal(plan.recheckFrom, NOW - 3600, 'the checkpoint second is re-checked');
  const marked = planSync({ ...base, checkpoint, recheck: NOW - 7200 });
  assert.equal(marked.since, NOW - 7200);
  assert.equal(marked.recheckFrom, NOW - 7200);
});

test('full lists from zero and forces details; window lists from its start', () => {
  const checkpoint = { updatedAt: NOW - 60, id: '9' };
  const full = planSync({ ...base, mode: 'full', checkpoint });
  assert.deepEqual([full.since, full.force, full.advancesCheckpoint], [0, true, true]);
  const window = planSync({ ...base, mode: 'window', since: NOW - 86_400 * 7, checkpoint });
  assert.deepEqual([window.since, window.force, window.advancesCheckpoint], [NOW - 86_400 * 7, false, true]);
  assert.throws(
    () => planSync({ ...base, mode: 'window' }),
    (error: unknown) => {
      return error instanceof FicError && error.code === 'invalid_input';
    },
  );
});

test('a window that leaves a gap after the checkpoint never moves it', () => {
  const plan = planSync({
    ...base,
    mode: 'window',
    since: NOW - 3600,
    checkpoint: { updatedAt: NOW - 86_400, id: '1' },
  });
  assert.equal(plan.advancesCheckpoint, false);
});

test('a stopped run is resumed, minus the lookback, when it covered this lower bound', () => {
  const resume = {
    mode: 'window' as const,
    since: NOW - 86_400,
    after: { updatedAt: NOW - 40_000, id: '5' },
  };
  const plan = planSync({ ...base, mode: 'window', since: NOW - 80_000, resume });
  assert.equal(plan.resumed, true);
  assert.equal(plan.listFrom, NOW - 40_000 - 600);

  const wider = planSync({ ...base, mode: 'window', since: NOW - 90_000, resume });
  assert.equal(wider.resumed, false, 'a lower bound below the stopped run must be listed from the start');
  assert.equal(wider.listFrom, NOW - 90_000);

  const full = planSync({ ...base, mode: 'full', resume });
  assert.equal(full.resumed, false, 'a full run only resumes a full run');
  const fullResumed = planSync({ ...base, mode: 'full', resume: { ...resume, mode: 'full', since: 0 } });
  assert.deepEqual([fullResumed.resumed, fullResumed.forceSkipBefore], [true, NOW - 40_000]);
});

test('laterCheckpoint never goes backwards', () => {
  const a = { updatedAt: 100, id: '5' };
  assert.deepEqual(laterCheckpoint(undefined, a), a);
  assert.deepEqual(laterCheckpoint(a, { updatedAt: 99, id: '9' }), a);
  assert.deepEqual(laterCheckpoint(a, { updatedAt: 100, id: '6' }), { updatedAt: 100, id: '6' });
  assert.deepEqual(laterCheckpoint(a, { updatedAt: 101, id: '1' }), { updatedAt: 101, id: '1' });
});
