import cliProgress from 'cli-progress';
import type { RebuildProgress, RebuildResult } from '@fastintercom/core';
import { BaseCommand } from '../base-command.js';
import { plural } from '../format/units.js';

export interface RebuildCommandResult extends RebuildResult {
  dbPath: string;
}

export default class Rebuild extends BaseCommand {
  static override summary = 'Re-derive every table from the raw API payloads the copy keeps.';
  static override description =
    'Rewrites conversations, parts, contacts, tags, links, attachments, the field columns and the search index from the JSON Intercom returned (stored compressed in raw_payloads), without a request to Intercom: after an upgrade that adds columns, or to repair derived rows. Each batch is its own transaction, so an interrupted rebuild is finished by running it again. Rows synced by a fic from before raw payloads have none: they are kept as they are, and counted; `fic sync --full` refetches them with their payloads. Takes the sync lock (exit 3 while a sync runs).';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --db ./copy.db --json',
  ];

  public async run(): Promise<RebuildCommandResult> {
    const { flags } = await this.parse(Rebuild);
    const { config } = await this.loadConfig({ dbPath: flags.db });
    const { acquireSyncLock, openDatabase, rebuildDatabase } = await import('@fastintercom/core');
    const lock = acquireSyncLock(config.dbPath);
    const bar = process.stderr.isTTY && !this.jsonEnabled() ? progressBar() : undefined;
    try {
      const database = await openDatabase(config.dbPath);
      try {
        const result = rebuildDatabase(database, {
          onProgress: (progress: RebuildProgress) => bar?.show(progress),
        });
        bar?.stop();
        const counts = Object.entries(result.rebuilt)
          .map(([kind, count]) => `${count} ${count === 1 ? kind : (PLURALS[kind] ?? `${kind}s`)}`)
          .join(', ');
        this.log(`Rebuilt ${counts === '' ? 'nothing' : counts} from raw payloads in ${database.path}.`);
        const { conversations, contacts } = result.withoutPayload;
        if (conversations + contacts > 0) {
          this.log(
            `${plural(conversations, 'conversation')} and ${plural(contacts, 'contact')} have no raw payload (synced before fic kept them): kept as they are; fic sync --full refetches them.`,
          );
        }
        return { dbPath: database.path, ...result };
      } finally {
        await database.close();
      }
    } finally {
      bar?.stop();
      lock.release();
    }
  }
}

/** One bar on stderr (stdout stays clean for --json and pipes), restarted for each kind. */
function progressBar(): { show(progress: RebuildProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: 'rebuild {kind} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let kind: string | undefined;
  let running = false;
  return {
    show(progress) {
      if (progress.kind !== kind) {
        if (running) bar.stop();
        bar.start(progress.total, progress.done, { kind: progress.kind });
        kind = progress.kind;
        running = true;
      } else bar.update(progress.done, { kind: progress.kind });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

const PLURALS: Record<string, string> = { company: 'companies' };
