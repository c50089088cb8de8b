import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { getConversationSummary } from '../../src/queries/get-conversation-summary.js';
import { DAY, HOUR, MINUTE, NOW } from './conversation-builder.js';
import { createQueryFixture } from './query-fixture.js';
import type { QueryFixture } from './query-fixture.js';

let fixture: QueryFixture;
before(async () => {
  fixture = await createQueryFixture();
});
after(() => fixture.close());

const summarize = (id: string, now = NOW) => getConversationSummary(fixture.database, { id, now });
const iso = (unix: number) => new Date(unix * 1000).toISOString();

test("the problem is the key sentences of the customer's first messages, without greetings", () => {
  const summary = summarize('c-refund-subject');
  assert.equal(
    summary.problem,
    'I was charged twice for my subscription. I want my money back as soon as possible.',
  );
  assert.equal(summary.subject, 'Refund request for order 1234');
  assert.deepEqual(summary.customer, { id: 'u1', name: 'Ann Customer', email: 'ann@acme.test' });
});

test('what the team did, how it ended and the timeline of a closed, rated conversation', () => {
  const summary = summarize('c-refund-subject');
  assert.deepEqual(summary.actions, [
    'Replied once: Alice Admin (1).',
    'Assigned to Alice Admin by Bob Builder on 2026-02-27.',
    'First reply (Alice Admin after 1h): "We have issued a refund to your card."',
  ]);
  assert.equal(
    summary.resolution,
    'Closed by Alice Admin on 2026-02-27, 1h 5m after it opened. Last answer: "We have issued a refund to your card." Rated 5/5 ("Great help").',
  );
  const { timeline } = summary;
  assert.equal(timeline.openedAt, iso(NOW - 2 * DAY));
  assert.equal(timeline.firstResponseAt, iso(NOW - 2 * DAY + HOUR));
  assert.equal(timeline.firstResponseSeconds, HOUR);
  assert.deepEqual(timeline.assignments, [
    {
      at: iso(NOW - 2 * DAY + 5 * MINUTE),
      toType: 'admin',
      toId: 'a1',
      toName: 'Alice Admin',
      byName: 'Bob Builder',
    },
  ]);
  assert.equal(timeline.reopens, 0);
  assert.equal(timeline.closedAt, iso(NOW - 2 * DAY + HOUR + 5 * MINUTE));
  assert.equal(timeline.closedBy, 'Alice Admin');
  assert.equal(timeline.rating?.value, 5);
  assert.deepEqual(timeline.tags, ['billing']);
  assert.equal(timeline.adminReplies, 1);
  assert.match(summary.text, /\*\*Problem:\*\* I was charged twice/);
  assert.match(
    summary.text,
    /first response after 1h; assigned to Alice Admin; closed .* by Alice Admin; rated 5\/5; tags: billing/,
  );
});

test('reopens, notes and the latest reply', () => {
  const summary = summarize('c-reopen');
  assert.equal(summary.timeline.reopens, 1);
  assert.equal(summary.timeline.notes, 1);
  assert.equal(summary.timeline.customerReplies, 1);
  assert.ok(summary.actions.includes('Added 1 internal note: Bob Builder (1).'));
  assert.ok(summary.actions.includes('Latest reply (Bob Builder): "Large files are fixed now as well."'));
  assert.match(summary.problem, /error 500 when exporting CSV/);
  assert.match(summary.text, /reopened 1×/);
});

test('bots and notes are not the first response', () => {
  const summary = summarize('c-bot');
  assert.equal(summary.timeline.firstResponseSeconds, 30 * MINUTE);
  assert.ok(summary.actions.includes('A bot replied once.'));
});

test('open conversations say who is waiting, counted from now', () => {
  const waiting = summarize('c-unassigned');
  assert.equal(waiting.resolution, `Open: waiting on the team for 6h (since ${iso(NOW - 6 * HOUR)}).`);
  assert.deepEqual(waiting.actions, ['No action from the team yet.']);
  assert.equal(
    summarize('c-unassigned', NOW + DAY).resolution,
    `Open: waiting on the team for 1d 6h (since ${iso(NOW - 6 * HOUR)}).`,
  );
  assert.match(
    summarize('c-refund-body').resolution,
    /^Open: the team \(Bob Builder\) replied last on 2026-02-28; waiting on the customer\.$/,
  );
  assert.equal(summarize('c-snoozed').resolution, `Snoozed until ${iso(NOW + DAY)}.`);
});

test('outbound conversations have no first response time; truncated threads say so', () => {
  const outbound = summarize('c-admin-initiated');
  assert.equal(outbound.timeline.firstResponseSeconds, null);
  assert.equal(outbound.problem, 'Thanks, but the VAT number is wrong.');
  const truncated = summarize('c-truncated');
  assert.equal(truncated.truncatedByIntercom, true);
  assert.equal(truncated.timeline.firstResponseSeconds, 600);
  assert.equal(truncated.timeline.reopens, 2);
  assert.match(truncated.problem, /\(the oldest messages were not available from Intercom\)$/);
});

test('the problem gathers every customer message before the first admin reply', () => {
  assert.equal(
    summarize('c-long').problem,
    'Our sync is delayed by hours. Long thread message 0 about sync delays',
  );
});

test('the summary is deterministic', () => {
  assert.deepEqual(summarize('c-long'), summarize('c-long'));
  assert.throws(() => summarize('nope'), { code: 'not_found' });
});
