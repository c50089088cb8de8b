import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  ConversationDetail,
  CustomerContextResult,
  RecentConversationsResult,
  SearchConversationsResult,
  TeamPerformanceResult,
} from '@fastintercom/core';
import type { TruthConversation, WorkspaceTruth } from '@fastintercom/fake-intercom';
import Conversation from '../../src/commands/conversation.js';
import Customer from '../../src/commands/customer.js';
import Recent from '../../src/commands/recent.js';
import Search from '../../src/commands/search.js';
import Team from '../../src/commands/team.js';
import { runFic, tempDir } from '../fic-process.js';
import { runCommand } from '../run-command.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

process.env.FASTINTERCOM_CONFIG_PATH = path.join(tempDir(), 'config.json');

/** Four consecutive words of a conversation's opening message: an exact phrase only it is likely to hold. */
function phraseOf(conversation: TruthConversation): string {
  const words = conversation.source_body
    .replace(/<[^>]+>/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return words.slice(0, 4).join(' ');
}

describe('query commands against a database synced from the fake', () => {
  let seeded: SeededDatabase;
  let truth: WorkspaceTruth;
  let db: string[];

  before(async () => {
    seeded = await seedDatabase({ conversations: 300 });
    truth = seeded.fake.truth();
    db = ['--db', seeded.dbPath];
  });
  after(() => seeded.fake.close());

  test('fic search --json finds a conversation by a phrase of its opening message', async () => {
    const target = truth.conversations[17]!;
    const phrase = phraseOf(target);
    const { result } = await runCommand<SearchConversationsResult>(Search, [
      `"${phrase}"`,
      ...db,
      '--limit',
      '50',
      '--json',
    ]);
    assert.ok(
      result.hits.some((hit) => hit.id === target.id),
      `"${phrase}" finds conversation ${target.id}`,
    );
  });

  test('fic search hits contain the word, and --state filters them', async () => {
    const { result } = await runCommand<SearchConversationsResult>(Search, [
      'refund',
      ...db,
      '--state',
      'open',
      '--limit',
      '50',
      '--json',
    ]);
    assert.ok(result.hits.length > 0, 'the fake writes about refunds');
    const openIds = new Set(truth.conversations.filter((c) => c.state === 'open').map((c) => c.id));
    for (const hit of result.hits) {
      assert.ok(openIds.has(hit.id), `${hit.id} is open`);
      assert.match(`${hit.subject ?? ''} ${hit.snippet}`, /refund/i);
    }
  });

  test('fic search prints a table with one row per hit', async () => {
    const { result } = await runCommand<SearchConversationsResult>(Search, ['refund', ...db, '--json']);
    const { stdout } = await runCommand(Search, ['refund', ...db]);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+UPDATED\s+STATE\s+SUBJECT\s+MATCH$/);
    assert.deepEqual(
      lines.slice(1, 1 + result.hits.length).map((line) => line.split(/\s+/)[0]),
      result.hits.map((hit) => hit.id),
    );
  });

  test('fic conversation --json returns the whole thread as the API shows it', async () => {
    const target = [...truth.conversations].sort((a, b) => b.parts.length - a.parts.length)[0]!;
    const { result } = await runCommand<ConversationDetail>(Conversation, [
      target.id,
      ...db,
      '--max-parts',
      '500',
      '--json',
    ]);
    assert.equal(result.id, target.id);
    assert.equal(result.partsTotalCount, target.parts_total_count);
    assert.equal(result.messages[0]?.partType, 'source');
    assert.deepEqual(
      result.messages.slice(1).map((message) => message.id),
      target.parts.map((part) => part.id),
    );
  });

  test('fic conversation --no-notes leaves internal notes out, and prints a transcript', async () => {
    const target = truth.conversations.find((c) => c.parts.some((part) => part.part_type === 'note'))!;
    const { result } = await runCommand<ConversationDetail>(Conversation, [
      target.id,
      ...db,
      '--no-notes',
      '--json',
    ]);
    assert.ok(result.messages.every((message) => message.partType !== 'note'));
    const { stdout } = await runCommand(Conversation, [target.id, ...db]);
    assert.match(stdout, new RegExp(`^Conversation:\\s+${target.id}`, 'm'));
    assert.match(stdout, /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\] .* opened$/m);
  });

  test('fic customer --json describes the customer of a known conversation', async () => {
    const target = truth.conversations[0]!;
    const contact = truth.contacts.find((c) => c.id === target.contact_ids[0]) as { email: string };
    const { result } = await runCommand<CustomerContextResult>(Customer, [
      contact.email,
      ...db,
      '--since',
      '3650d',
      '--json',
    ]);
    assert.equal(result.profile.email?.toLowerCase(), contact.email.toLowerCase());
    assert.ok(result.allTimeConversationCount >= 1);
    assert.ok(
      result.conversations.some((c) => c.id === target.id),
      `${target.id} is among the customer's conversations`,
    );
  });

  test('fic recent --json lists the latest activity first, filtered', async () => {
    const { result } = await runCommand<RecentConversationsResult>(Recent, [
      ...db,
      '--state',
      'open',
      '--limit',
      '5',
      '--json',
    ]);
    const expected = truth.conversations
      .filter((c) => c.state === 'open')
      .sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id))
      .slice(0, 5);
    assert.equal(result.conversations.length, 5);
    assert.equal(result.conversations[0]?.id, expected[0]?.id);
    assert.deepEqual(
      result.conversations.map((c) => c.updatedAtUnix),
      expected.map((c) => c.updated_at),
    );
  });

  test('fic team --by team --days 30 --json counts the conversations created in the period', async () => {
    const { result } = await runCommand<TeamPerformanceResult>(Team, [
      ...db,
      '--by',
      'team',
      '--days',
      '30',
      '--json',
    ]);
    assert.equal(result.groupBy, 'team');
    const { sinceUnix, untilUnix } = result.period;
    assert.equal(untilUnix - sinceUnix, 30 * 86_400);
    const created = truth.conversations.filter((c) => c.created_at >= sinceUnix && c.created_at < untilUnix);
    assert.equal(result.totals.assigned, created.length);
    assert.equal(result.unassigned, created.filter((c) => c.team_assignee_id === null).length);
    const { stdout } = await runCommand(Team, [...db, '--by', 'team', '--days', '30']);
    assert.match(stdout, /^TEAM\s+ASSIGNED\s+CLOSED/m);
    assert.match(stdout, new RegExp(`^TOTAL\\s+${created.length}\\s`, 'm'));
  });

  test('a bad query value exits 2, an unknown id 1, each with one clear line', async () => {
    const bad = await runFic(['recent', ...db, '--since', 'last tuesday']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /^Error: .*since/m);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const missing = await runFic(['conversation', 'no-such-id', ...db]);
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /^Error: .*no-such-id/m);
  });

  test('a query without a database exits 1 saying to sync first', async () => {
    const run = await runFic(['search', 'refund', '--db', path.join(tempDir(), 'none.db')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^Error: No database at .*none\.db: run fic sync first\.$/m);
  });
});
