import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConversationDetail, CustomerContextResult } from '@fastintercom/core';
import type { SnakeCased } from '@fastintercom/core/snake-case';
import { runFic, tempDir } from '../fic-process.js';
import { FRIENDLY_UNICODE, makeHostile } from '../hostile-conversation.js';
import type { HostileConversation } from '../hostile-conversation.js';
import { seedDatabase } from '../seeded-database.js';
import type { SeededDatabase } from '../seeded-database.js';

process.env.FASTINTERCOM_CONFIG_PATH = path.join(tempDir(), 'config.json');

/** What a terminal acts on: C0 but newline (and tab where allowed), DEL, C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex
const CONTROLS_OR_TAB = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Fails with the first control found, in context, as escapes. */
function assertTerminalSafe(output: string, what: string, { tabs = false } = {}): void {
  const match = (tabs ? CONTROLS : CONTROLS_OR_TAB).exec(output);
  if (match === null) return;
  const around = output.slice(Math.max(0, match.index - 30), match.index + 30);
  assert.fail(
    `${what} prints U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${match.index}: ${JSON.stringify(around)}`,
  );
}

/** What the hostile sequences carried must not show, and what they wrapped must. */
function assertPayloadsGone(output: string, what: string): void {
  for (const hidden of ['pwned-title', 'pwned-apc', 'evil.test/', '+q544e', '31mred']) {
    assert.ok(!output.includes(hidden), `${what} shows the hidden ${hidden}`);
  }
  assert.ok(output.includes('click here'), `${what} keeps the link text`);
}

describe('human output of hostile workspace text', () => {
  let seeded: SeededDatabase;
  let hostile: HostileConversation;
  let db: string[];

  before(async () => {
    seeded = await seedDatabase({ conversations: 30 });
    const target = seeded.fake.truth().conversations[3]!;
    hostile = await makeHostile(seeded.dbPath, target.id);
    db = ['--db', seeded.dbPath];
  });
  after(() => seeded.fake.close());

  test('fic conversation prints the thread without terminal controls, keeping lines and Unicode', async () => {
    const run = await runFic(['conversation', hostile.id, ...db]);
    assert.equal(run.code, 0, run.stderr);
    assertTerminalSafe(run.stdout, 'fic conversation', { tabs: true });
    assertPayloadsGone(run.stdout, 'fic conversation');
    for (const label of ['subject:', 'body:', 'author:', 'customer:', 'admin:', 'team:', 'tag:']) {
      assert.ok(run.stdout.includes(label), `fic conversation shows the ${label} text`);
    }
    assert.ok(run.stdout.includes(FRIENDLY_UNICODE), 'accents, CJK, emoji, Arabic and Hebrew are kept');
    assert.ok(run.stdout.includes('invoicefdp.exe'), 'the override is gone, the letters stay in order');
    // The subject is one header line; the body keeps its lines and tab, a CR starts a line.
    assert.match(run.stdout, /^Conversation:\s+\d+: subject: .*$/m);
    assert.match(run.stdout, /^ {4}EVIL /m);
    assert.match(run.stdout, /^ {4}second line\ttabbed$/m);
    assert.match(run.stdout, /^ {4}third line$/m);
  });

  test('fic conversation --json returns the exact text, escaped so a terminal is safe too', async () => {
    const run = await runFic(['conversation', hostile.id, ...db, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assertTerminalSafe(run.stdout, 'fic conversation --json');
    const detail = JSON.parse(run.stdout) as SnakeCased<ConversationDetail>;
    assert.equal(detail.subject, hostile.subject);
    assert.equal(detail.messages[0]!.body, hostile.body);
    assert.equal(detail.messages[0]!.author_name, hostile.authorName);
    assert.equal(detail.customer?.email, hostile.customerEmail);
    assert.equal(detail.customer?.name, hostile.customerName);
    assert.equal(detail.admin_assignee?.name, hostile.adminName);
    assert.deepEqual(
      detail.tags.map((tag) => tag.name),
      [hostile.tagName],
    );
  });

  test('fic search, recent, customer, team and status print one clean line per row', async () => {
    const runs: [string, string[], string][] = [
      ['fic search', ['search', '"click here"', ...db], 'subject:'],
      ['fic recent', ['recent', '--tag', 'hostile-tag', ...db], 'admin:'],
      ['fic customer', ['customer', hostile.customerEmail, '--since', '3650d', ...db], 'customer:'],
      ['fic team', ['team', '--days', '3650', ...db], 'admin:'],
      ['fic team --by team', ['team', '--by', 'team', '--days', '3650', ...db], 'team:'],
      ['fic status', ['status', ...db], 'sync error:'],
    ];
    for (const [what, args, label] of runs) {
      const run = await runFic(args);
      assert.equal(run.code, 0, `${what}: ${run.stderr}`);
      assertTerminalSafe(run.stdout, what);
      assert.ok(run.stdout.includes(label), `${what} shows the ${label} text:\n${run.stdout}`);
      assert.ok(!/pwned/.test(run.stdout), `${what} shows no hidden payload`);
    }
  });

  test('fic customer --json keeps the hostile email and name exactly', async () => {
    const run = await runFic(['customer', hostile.customerEmail, '--since', '3650d', ...db, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const context = JSON.parse(run.stdout) as SnakeCased<CustomerContextResult>;
    assert.equal(context.profile.email, hostile.customerEmail);
    assert.equal(context.profile.name, hostile.customerName);
  });

  test('an error that repeats hostile input prints it without controls', async () => {
    const run = await runFic(['conversation', '\x1b]0;pwned-title\x07\x1b[2J404', ...db]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^Error: No conversation 404 /m);
    assertTerminalSafe(run.stderr, 'the error line');
  });
});
