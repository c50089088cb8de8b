import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { SyncProgress, SyncResult } from '@fastintercom/core';
import {
  SyncProgressRenderer,
  describeProgress,
  describeSyncResult,
  withinBudget,
} from '../../src/progress/sync-progress-renderer.js';

function progressEvent(overrides: Partial<SyncProgress> = {}): SyncProgress {
  return {
    phase: 'conversations',
    pagesFetched: 3,
    totalCount: 3000,
    conversationsSeen: 450,
    conversationsQueued: 40,
    conversationsFetched: 1200,
    conversationsWritten: 1150,
    partsWritten: 14_000,
    apiRequests: 1220,
    retries: 2,
    rateLimited: 1,
    conversationsPerSecond: 95.24,
    etaSeconds: 19,
    ...overrides,
  };
}

/** A stream that records what was written; `tty` makes it look like a terminal to cli-progress. */
function recordingStream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  Object.assign(stream, {
    isTTY: tty,
    columns: 120,
    rows: 40,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, text: () => text };
}

describe('SyncProgressRenderer', () => {
  test('off a terminal: one plain line per interval, whatever the event rate', () => {
    const { stream, text } = recordingStream(false);
    let now = 0;
    const renderer = new SyncProgressRenderer({ stream, lineIntervalMs: 5000, now: () => now });
    assert.equal(renderer.mode, 'lines');
    for (now = 0; now <= 12_000; now += 250) renderer.update(progressEvent());
    const lines = text().trimEnd().split('\n');
    assert.equal(lines.length, 2, text());
    assert.equal(
      lines[0],
      'sync conversations: 1,200 conversations fetched, 40 in flight (95.2/s, ETA 19s), 450/3,000 listed in 3 pages, 14,000 parts, 1,220 requests, 2 retries, 1 rate-limited',
    );
  });

  test('silent prints nothing, not even log lines', () => {
    const { stream, text } = recordingStream(true);
    const renderer = new SyncProgressRenderer({ stream, mode: 'silent' });
    renderer.log('Syncing');
    renderer.update(progressEvent());
    renderer.update(progressEvent({ phase: 'done' }));
    renderer.stop();
    assert.equal(text(), '');
  });

  test('on a terminal: a listing bar out of total_count and a conversations bar with rate and ETA', () => {
    const { stream, text } = recordingStream(true);
    const renderer = new SyncProgressRenderer({ stream });
    assert.equal(renderer.mode, 'bars');
    renderer.update(progressEvent());
    renderer.stop();
    const output = text();
    assert.match(output, /Listing .* 450\/3,000 3 search pages/);
    assert.match(output, /Conversations .* 1,200\/3,000 95\.2\/s, ETA 19s/);
  });

  test('a progress line without total_count or ETA says only what is known', () => {
    assert.match(
      describeProgress(progressEvent({ totalCount: null, etaSeconds: null, phase: 'metadata' })),
      /^sync metadata: 1,200 conversations fetched, 40 in flight \(95\.2\/s\), 450 listed in 3 pages,/,
    );
  });

  test('the summary names the counts, the API work and a failure', () => {
    const result: SyncResult = {
      status: 'succeeded',
      runId: 1,
      conversationsSeen: 3000,
      conversationsSynced: 3000,
      conversationsMissing: 0,
      partsSynced: 45_000,
      contactsSynced: 120,
      apiRequests: 3020,
      retries: 2,
      rateLimitedResponses: 0,
      durationMs: 24_100,
      peakRssMb: 98.6,
      checkpoint: { updatedAt: 1_800_000_000, id: '42' },
      conversationsDeleted: 0,
      conversationsFailed: 0,
      outstandingFailures: 0,
      reconcile: null,
      contactsRefreshed: 0,
      missingPermissions: [],
      denseSeconds: null,
    };
    assert.equal(
      describeSyncResult(result),
      'Sync finished: 3,000 conversations, 45,000 parts, 120 contacts in 24s (3,020 API requests, 2 retries, 0 rate-limited, peak memory 99 MB).',
    );
    assert.match(describeSyncResult({ ...result, status: 'partial' }), /^Sync stopped early \(partial\): /);
    assert.match(
      describeSyncResult({
        ...result,
        status: 'failed',
        error: { code: 'api', message: 'Intercom answered 500.' },
      }),
      /^Sync failed: .*\)\. Intercom answered 500\.$/,
    );
    // What a true copy needs said: deletions applied, fetches still failing, a permission missing.
    const noted = describeSyncResult({
      ...result,
      status: 'partial',
      conversationsDeleted: 3,
      conversationsFailed: 2,
      outstandingFailures: 2,
      missingPermissions: [
        { permission: 'Read tags', endpoint: 'GET /tags', effect: 'tag names are not synced' },
      ],
    });
    assert.match(noted, /^Sync finished with failures \(partial\): /);
    assert.match(noted, /\n3 deleted in Intercom, removed from the copy\./);
    assert.match(noted, /\n2 fetches keep failing \(2 this run\): skipped, retried first by the next sync/);
    assert.match(noted, /\nThe token lacks "Read tags" \(GET \/tags\): tag names are not synced\./);
  });
});

describe('--max-conversations', () => {
  test('the total and the ETA count to the cap, not to the whole listing', () => {
    // 1,200 of 3,000 fetched, 19 s left for the 1,800 to go: 300 to go before a cap of 1,500 is 3 s.
    const capped = withinBudget(progressEvent(), 1500);
    assert.equal(capped.totalCount, 1500);
    assert.equal(capped.etaSeconds, 3);
    assert.match(describeProgress(capped), /ETA 3s\), 450\/1,500 listed/);
  });

  test('a cap above the listing changes nothing; a reached cap leaves nothing to wait for', () => {
    assert.deepEqual(withinBudget(progressEvent(), 5000), progressEvent());
    assert.deepEqual(withinBudget(progressEvent(), undefined), progressEvent());
    assert.equal(withinBudget(progressEvent({ conversationsFetched: 1500 }), 1500).etaSeconds, 0);
  });
});
