import type { StatusResult } from '../database-status.js';
import { renderDetails } from './details.js';
import { terminalLine } from './terminal-text.js';
import {
  formatBytes,
  formatCount,
  plural,
  formatDuration,
  formatMs,
  formatPercent,
  formatTimestamp,
} from './units.js';

/** `fic status` for people: the database, the data, the last sync, a running sync, health. */
export function renderStatus(status: StatusResult): string {
  const { counts, coverage, lastSync } = status;
  const sections = [
    renderDetails([
      ['Database', `${status.database.path} (${formatBytes(status.database.sizeBytes)})`],
      [
        'Stored',
        `${plural(counts.conversations, 'conversation')}, ${plural(counts.parts, 'part')}, ` +
          `${plural(counts.contacts, 'contact')}, ${formatCount(counts.admins)} admins, ` +
          `${formatCount(counts.teams)} teams, ${formatCount(counts.tags)} tags`,
      ],
      [
        'Oldest conversation',
        coverage.oldestCreatedAt && `created ${formatTimestamp(coverage.oldestCreatedAt)}`,
      ],
      ['Newest activity', coverage.newestUpdatedAt && `updated ${formatTimestamp(coverage.newestUpdatedAt)}`],
      ['Data age', status.dataAgeSeconds === null ? 'never synced' : formatDuration(status.dataAgeSeconds)],
      [
        'Checkpoint',
        status.checkpoint &&
          `updated_at ${formatTimestamp(status.checkpoint.updatedAt)}, id ${status.checkpoint.id}`,
      ],
    ]),
  ];
  if (lastSync !== null) {
    sections.push(
      renderDetails([
        [
          'Last sync',
          `${lastSync.status} (${lastSync.mode}), started ${formatTimestamp(lastSync.startedAt)}, ` +
            `finished ${formatTimestamp(lastSync.finishedAt)}, took ${formatMs(lastSync.durationMs)}`,
        ],
        [
          '  synced',
          `${plural(lastSync.conversationsSynced, 'conversation')}, ${plural(lastSync.partsSynced, 'part')}` +
            (lastSync.conversationsPerSecond === null
              ? ''
              : ` at ${lastSync.conversationsPerSecond.toFixed(1)} conversations/s`),
        ],
        [
          '  API',
          `${plural(lastSync.apiRequests, 'request')}, ${formatCount(lastSync.retries ?? 0)} retries, ` +
            `${formatCount(lastSync.rateLimited ?? 0)} rate-limited, ${plural(lastSync.errors ?? 0, 'error')} ` +
            `(${formatPercent(lastSync.errorRate)})`,
        ],
        ['  peak memory', lastSync.peakRssMb === null ? null : `${Math.round(lastSync.peakRssMb)} MB`],
        ['  error', lastSync.error?.message],
      ]),
    );
  }
  const { fidelity } = status;
  const failing = fidelity.outstandingFailures;
  sections.push(
    renderDetails([
      [
        'Deletions',
        fidelity.deletions.total === 0
          ? 'none applied'
          : `${plural(fidelity.deletions.total, 'conversation')} deleted in Intercom removed from the copy, last ${formatTimestamp(fidelity.deletions.lastRemovedAt)}`,
      ],
      [
        'Reconciled',
        fidelity.lastReconciledAt === null ? 'not yet' : formatTimestamp(fidelity.lastReconciledAt),
      ],
      ['Integrity', status.integrity.detail],
      [
        'Failing fetches',
        failing.conversations + failing.contacts === 0
          ? 'none'
          : `${plural(failing.conversations, 'conversation')}, ${plural(failing.contacts, 'contact')} (skipped; each sync retries them first)`,
      ],
      ...failing.examples.map((example): [string, string] => [
        `  ${example.kind} ${example.id}`,
        `${example.errorCode}: ${example.errorMessage} (${example.attempts} ${example.attempts === 1 ? 'sync' : 'syncs'}, since ${formatTimestamp(example.firstSeenAt)})`,
      ]),
      ...fidelity.missingPermissions.map((missing): [string, string] => [
        'Missing permission',
        `"${missing.permission}" (${missing.endpoint}): ${missing.effect}`,
      ]),
      [
        'Dense seconds',
        fidelity.denseSeconds === null
          ? null
          : `${formatCount(fidelity.denseSeconds.count)} seconds held more than a search page of conversations (latest ${formatTimestamp(fidelity.denseSeconds.latest)})` +
            (fidelity.denseSeconds.cursorFallback
              ? "; Intercom's cursor had to page inside one second and may have skipped some: run fic verify --remote"
              : '; listed by creation time within them'),
      ],
    ]),
  );
  if (status.syncInProgress !== null) {
    const run = status.syncInProgress.run;
    sections.push(
      renderDetails([
        [
          'Sync in progress',
          `pid ${status.syncInProgress.pid} on ${status.syncInProgress.host}, since ${formatTimestamp(status.syncInProgress.startedAt)}`,
        ],
        [
          '  progress',
          run &&
            `${plural(run.conversationsSynced, 'conversation')}, ${plural(run.apiRequests, 'request')} so far`,
        ],
      ]),
    );
  }
  sections.push(
    status.health.ok
      ? 'Health: ok'
      : ['Health: PROBLEMS', ...status.health.problems.map((problem) => `  - ${terminalLine(problem)}`)].join(
          '\n',
        ),
  );
  return sections.join('\n\n');
}
