import path from 'node:path';
import Database from 'better-sqlite3';
import { ConversationRepository, openDatabase } from '@fastintercom/core';
import type { AdminRow, ConversationWrite, TagRow, TeamRow } from '@fastintercom/core';
import type { BenchContext } from '../bench-context.js';
import type { ScalingPoint, ScalingReport } from '../bench-report.js';
import { round } from '../latency-stats.js';
import { storedConversationBatches } from '../stored-conversations.js';
import { removeDatabase } from './ingest.js';
import { QUERY_TOOLS } from './query-cases.js';
import { measureQueries } from './query-latency.js';
import { questionLatency } from './search-relevance.js';
import { databaseBytes } from './storage.js';

/** Calls per tool at each size, and the most time one tool may take there (at least 20 calls run). */
const SCALE_CALLS_PER_TOOL = 100;
const SCALE_BUDGET_MS_PER_TOOL = 60_000;

/**
 * Scenario 8 (--scale): query p95 as the database grows to each size. The synced workspace is copied
 * (new ids, contacts and a unique reference token per copy, the rest as synced) through
 * ConversationRepository.writeConversations, the sync's own write path, then every tool is timed.
 */
export async function runScaling(context: BenchContext, sourceDbPath: string): Promise<ScalingReport> {
  const sizes = [...context.options.scaleSizes].sort((a, b) => a - b);
  const target = path.join(context.workDir, 'scale.db');
  const source = new Database(sourceDbPath, { readonly: true, fileMustExist: true });
  const database = await openDatabase(target);
  const points: ScalingPoint[] = [];
  try {
    const repository = new ConversationRepository(database);
    copyReferenceData(source, repository);
    const copies = conversationCopies(source);
    let written = 0;
    for (const size of sizes) {
      let writeMs = 0;
      while (written < size) {
        const next = copies.next();
        if (next.done === true) break;
        const batch = next.value.slice(0, size - written);
        const started = performance.now();
        repository.writeConversations(batch);
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
      points.push({
        conversations: written,
        questionsP95Ms,
        seedMs: Math.round(writeMs),
        databaseBytes: bytes,
        bytesPerConversation: Math.round(bytes / Math.max(1, written)),
        p50Ms: Object.fromEntries(QUERY_TOOLS.map((tool) => [tool, queries[tool]!.p50Ms])),
        p95Ms: Object.fromEntries(QUERY_TOOLS.map((tool) => [tool, queries[tool]!.p95Ms])),
        directP95Ms: Object.fromEntries(QUERY_TOOLS.map((tool) => [tool, queries[tool]!.direct.p95Ms])),
      });
      context.log(`scaling: ${written} conversations written in ${Math.round(writeMs / 1000)} s`);
    }
  } finally {
    source.close();
    await database.close();
    removeDatabase(target);
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

/** Endless batches of the source's conversations: copy 0 as synced, then copies with fresh ids. */
function* conversationCopies(source: Database.Database): Generator<ConversationWrite[]> {
  for (let copy = 0; ; copy++) {
    let index = 0;
    for (const batch of storedConversationBatches(source, 500)) {
      yield copy === 0 ? batch : batch.map((write) => copyConversation(write, copy, index++));
    }
  }
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

function copyReferenceData(source: Database.Database, repository: ConversationRepository): void {
  repository.replaceAdmins(source.prepare('SELECT * FROM admins').all() as AdminRow[]);
  const members = source.prepare('SELECT team_id, admin_id FROM team_admins').all() as {
    team_id: string;
    admin_id: string;
  }[];
  repository.replaceTeams(
    (source.prepare('SELECT * FROM teams').all() as TeamRow[]).map((team) => ({
      team,
      adminIds: members.filter((member) => member.team_id === team.id).map((member) => member.admin_id),
    })),
  );
  repository.upsertTags(source.prepare('SELECT * FROM tags').all() as TagRow[]);
}

/** A finished run, so the status tools answer as they would after a real sync. */
function recordRun(repository: ConversationRepository, conversations: number): void {
  const now = Math.floor(Date.now() / 1000);
  const id = repository.startRun({ mode: 'full', window_start: null, pid: process.pid, started_at: now });
  repository.finishRun(id, { status: 'succeeded', finished_at: now, conversations_synced: conversations });
}
