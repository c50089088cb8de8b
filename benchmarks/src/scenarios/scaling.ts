import path from 'node:path';
import Database from 'better-sqlite3';
import { ConversationRepository, openDatabase } from '@fastintercom/core';
import type { ConversationWrite } from '@fastintercom/core';
import { startFake, syncWithProgress } from '../bench-context.js';
import type { BenchContext } from '../bench-context.js';
import type { ScalingIncremental, ScalingPoint, ScalingReport } from '../bench-report.js';
import type { FakeIntercomProcess } from '../fake-intercom-process.js';
import { round } from '../latency-stats.js';
import { storedConversationBatches } from '../stored-conversations.js';
import { advanceLiveTraffic } from './incremental-sync.js';
import { removeDatabase } from './ingest.js';
import { QUERY_TOOLS } from './query-cases.js';
import { measureQueries } from './query-latency.js';
import { questionLatency } from './search-relevance.js';
import { databaseBytes } from './storage.js';

/** Calls per tool at each size, and the most time one tool may take there (at least 20 calls run). */
const SCALE_CALLS_PER_TOOL = 100;
const SCALE_BUDGET_MS_PER_TOOL = 60_000;

/**
 * Scenario 8 (--scale): query p95 and an incremental sync's cost as the database grows to each size.
 * A seeded workspace is synced (unthrottled) from a fake that stays up; the database is then grown by
 * copies of its conversations (new ids, contacts and a unique reference token per copy, the rest as
 * synced) through ConversationRepository.writeConversations, the sync's own write path. At each size
 * every tool is timed, then the fake changes 1% of its workspace and an incremental sync (the cron
 * line's) brings the grown database up to date: the same change at every size, so its time and
 * requests show whether the sync's cost follows the change or the database.
 */
export async function runScaling(context: BenchContext): Promise<ScalingReport> {
  const sizes = [...context.options.scaleSizes].sort((a, b) => a - b);
  const sourcePath = path.join(context.workDir, 'scale-source.db');
  const target = path.join(context.workDir, 'scale.db');
  // No latency and no rate limit: the incremental sync's time is then this machine's work alone.
  const fake = await startFake(context, 'scaling', {
    conversations: context.options.conversations,
    seed: context.options.seed,
    latencyMs: 0,
    rateLimitPerMinute: 0,
  });
  const points: ScalingPoint[] = [];
  try {
    const synced = await syncWithProgress(
      context,
      'scaling',
      fake,
      sourcePath,
      'full',
      context.options.conversations,
    );
    context.log(`scaling: source workspace of ${synced.result.conversationsSynced} conversations synced`);
    const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
    // The grown database starts as the synced one, checkpoints, tickets and companies included, so the
    // incremental sync resumes from the source's checkpoint.
    source.prepare('VACUUM INTO ?').run(target);
    const database = await openDatabase(target);
    const grown = new Database(target, { readonly: true });
    try {
      const repository = new ConversationRepository(database);
      const copies = conversationCopies(source);
      let written = conversationCount(source);
      const changes = Math.max(1, Math.round(written / 100));
      for (const size of sizes) {
        let writeMs = 0;
        while (written < size) {
          const batch = copies.next().value.slice(0, size - written);
          const started = performance.now();
          repository.writeConversations(batch);
          // Contacts as a sync stores them once fetched, not stubs a later sync would try to fetch.
          repository.upsertContacts(batch.flatMap((write) => write.contactStubs));
          writeMs += performance.now() - started;
          written += batch.length;
          if (written % 5000 < batch.length)
            context.progress('scaling', `writing ${size} conversations`, written, size);
        }
        recordRun(repository, written);
        const bytes = databaseBytes(target);
        const queries = await measureQueries(context, target, 'scaling', {
          callsPerTool: Math.min(SCALE_CALLS_PER_TOOL, context.options.queryCallsPerTool),
          budgetMsPerTool: SCALE_BUDGET_MS_PER_TOOL,
        });
        const questions = await openDatabase(target, { readonly: true });
        let questionsP95Ms: number;
        try {
          questionsP95Ms = questionLatency(questions, 1).p95Ms;
        } finally {
          await questions.close();
        }
        const incremental = await incrementalAtSize(context, fake, target, changes);
        points.push({
          conversations: written,
          questionsP95Ms,
          seedMs: Math.round(writeMs),
          databaseBytes: bytes,
          bytesPerConversation: Math.round(bytes / Math.max(1, written)),
          p50Ms: Object.fromEntries(QUERY_TOOLS.map((tool) => [tool, queries[tool]!.p50Ms])),
          p95Ms: Object.fromEntries(QUERY_TOOLS.map((tool) => [tool, queries[tool]!.p95Ms])),
          directP95Ms: Object.fromEntries(QUERY_TOOLS.map((tool) => [tool, queries[tool]!.direct.p95Ms])),
          incremental,
        });
        // The sync's new conversations count toward the next size.
        written = conversationCount(grown);
        context.log(`scaling: ${written} conversations written in ${Math.round(writeMs / 1000)} s`);
      }
    } finally {
      source.close();
      grown.close();
      await database.close();
    }
  } finally {
    await fake.close();
    removeDatabase(target);
    removeDatabase(sourcePath);
  }
  const steps = points.slice(1).map((point, index) => ({
    from: points[index]!.conversations,
    to: point.conversations,
    slopes: slopes(points[index]!, point),
  }));
  const first = points[0];
  const last = points.at(-1);
  return {
    points,
    slopes: first !== undefined && last !== undefined ? slopes(first, last) : {},
    stepSlopes: steps,
  };
}

/** The log-log slope of p95 from one size to another: 0 flat, 1 linear in size. */
function slopes(from: ScalingPoint, to: ScalingPoint): Record<string, number> {
  if (to.conversations === from.conversations) return {};
  const span = Math.log(to.conversations / from.conversations);
  return Object.fromEntries(
    QUERY_TOOLS.map((tool) => [
      tool,
      round(Math.log(Math.max(to.p95Ms[tool]!, 1e-3) / Math.max(from.p95Ms[tool]!, 1e-3)) / span, 2),
    ]),
  );
}

/** Endless batches of copies of the source's conversations, with fresh ids (copy 0 is the source). */
function* conversationCopies(source: Database.Database): Generator<ConversationWrite[], never> {
  for (let copy = 1; ; copy++) {
    let index = 0;
    for (const batch of storedConversationBatches(source, 500)) {
      yield batch.map((write) => copyConversation(write, copy, index++));
    }
  }
}

function conversationCount(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n;
}

/**
 * The fake changes `changes` conversations (scenario 3's mix), then an incremental sync runs in its own
 * process on the grown database, as cron's `fic sync` would.
 */
async function incrementalAtSize(
  context: BenchContext,
  fake: FakeIntercomProcess,
  dbPath: string,
  changes: number,
): Promise<ScalingIncremental> {
  context.progress('scaling', 'advancing the workspace', 0, changes);
  const advanced = await advanceLiveTraffic(fake, changes);
  const changed = new Set([...advanced.created, ...advanced.updated]).size;
  const run = await syncWithProgress(context, 'scaling', fake, dbPath, 'incremental', changed);
  return {
    changedConversations: changed,
    conversationsSynced: run.result.conversationsSynced,
    durationMs: run.result.durationMs,
    wallMs: run.processWallMs,
    apiRequests: run.requests.requests,
    requestsByRoute: run.requests.byRoute,
    peakRssMb: run.peakRssMb,
  };
}

function copyConversation(write: ConversationWrite, copy: number, index: number): ConversationWrite {
  const id = (value: string): string => `${value}-${copy}`;
  const contactIds = new Set(write.contacts.map((contact) => contact.contact_id));
  const mapped = (value: string | null | undefined): string | null =>
    value === null || value === undefined ? null : contactIds.has(value) ? id(value) : value;
  const email = (value: string | null | undefined): string | null =>
    value === null || value === undefined ? null : value.replace('@', `+${copy}@`);
  const { conversation } = write;
  return {
    conversation: {
      ...conversation,
      id: id(conversation.id),
      contact_id: mapped(conversation.contact_id),
      source_author_id: mapped(conversation.source_author_id),
      source_author_email:
        conversation.source_author_type === 'admin'
          ? conversation.source_author_email
          : email(conversation.source_author_email),
      // A token no other conversation has, as order numbers and references make in real support mail.
      source_body_text: `${conversation.source_body_text ?? ''}\nReference R${copy}x${index}`,
    },
    parts: write.parts.map((part) => ({
      ...part,
      id: id(part.id),
      conversation_id: id(conversation.id),
      author_id: mapped(part.author_id),
    })),
    contacts: write.contacts.map((contact) => ({ ...contact, contact_id: id(contact.contact_id) })),
    tags: write.tags,
    contactStubs: write.contactStubs.map((contact) => ({
      ...contact,
      id: id(contact.id),
      email: email(contact.email),
    })),
  };
}

/** A finished run, so the status tools answer as they would after a real sync. */
function recordRun(repository: ConversationRepository, conversations: number): void {
  const now = Math.floor(Date.now() / 1000);
  const id = repository.startRun({ mode: 'full', window_start: null, pid: process.pid, started_at: now });
  repository.finishRun(id, { status: 'succeeded', finished_at: now, conversations_synced: conversations });
}
