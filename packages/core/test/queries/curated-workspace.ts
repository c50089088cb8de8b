import { DAY, HOUR, MINUTE, NOW } from './conversation-builder.js';
import type { ConversationSpec, Directory, Person } from './conversation-builder.js';

/**
 * The deliberately built workspace the query tests share: each conversation exists to make one
 * behaviour observable (see the comment on each).
 */

const person = (id: string, name: string, email: string | null): [string, Person] => [
  id,
  { id, name, email },
];

export const DIRECTORY: Directory = {
  admins: new Map([
    person('a1', 'Alice Admin', 'alice@corp.test'),
    person('a2', 'Bob Builder', 'bob@corp.test'),
    person('a3', 'Carol Chen', 'carol@corp.test'),
  ]),
  contacts: new Map([
    person('u1', 'Ann Customer', 'ann@acme.test'),
    person('u2', 'Ben Buyer', 'ben@beta.test'),
    person('u3', 'Ann (lead)', 'ANN@acme.test'),
    person('u4', 'Dan Delta', 'dan@delta.test'),
    person('u5', '王伟', 'wang@cn.test'),
  ]),
  tags: new Map([
    ['g1', 'billing'],
    ['g2', 'bug'],
    ['g3', 'vip'],
  ]),
};

/** The curated conversations. */
export function curatedConversations(): ConversationSpec[] {
  const longParts: NonNullable<ConversationSpec['parts']> = [];
  for (let i = 0; i < 120; i += 1) {
    const at = NOW - 4 * DAY + (i + 1) * 10 * MINUTE;
    if (i % 10 === 9) longParts.push({ type: 'note', by: 'a3', at, body: `Internal note number ${i}` });
    else
      longParts.push({
        by: i % 2 === 0 ? 'customer' : 'a3',
        at,
        body: `Long thread message ${i} about sync delays`,
      });
  }
  return [
    {
      // Subject match for "refund"; closed with a rating; billing.
      id: 'c-refund-subject',
      createdAt: NOW - 2 * DAY,
      state: 'closed',
      subject: 'Refund request for order 1234',
      body: 'Hi there! I was charged twice for my subscription. I want my money back as soon as possible.',
      customer: 'u1',
      admin: 'a1',
      team: 't1',
      tags: ['g1'],
      parts: [
        {
          type: 'assignment',
          by: 'a2',
          at: NOW - 2 * DAY + 5 * MINUTE,
          assignTo: { type: 'admin', id: 'a1' },
        },
        {
          by: 'a1',
          at: NOW - 2 * DAY + HOUR,
          body: 'We have issued a refund to your card. It should arrive in 5 days.',
        },
        { type: 'close', by: 'a1', at: NOW - 2 * DAY + HOUR + 5 * MINUTE },
      ],
      rating: { value: 5, remark: 'Great help', teammate: 'a1' },
    },
    {
      // "refund" only once, deep in a long body.
      id: 'c-refund-body',
      createdAt: NOW - DAY,
      state: 'open',
      subject: 'Question about my account settings',
      body: 'Hello. Could you tell me how to change my account settings and my notification emails? Later I may ask for a refund.',
      customer: 'u2',
      admin: 'a2',
      team: 't2',
      parts: [{ by: 'a2', at: NOW - 20 * HOUR, body: 'Settings live under Preferences.' }],
    },
    // Identical documents: equal bm25, ordered by recency.
    ...['c-twin-old', 'c-twin-new'].map((id, index): ConversationSpec => ({
      id,
      createdAt: NOW - 6 * DAY,
      updatedAt: NOW - (5 - 2 * index) * DAY,
      subject: 'Printer jam twin',
      body: 'The printer jams every morning near the tray.',
      customer: 'u4',
      admin: 'a3',
    })),
    {
      // Exact phrase "refund policy".
      id: 'c-policy',
      createdAt: NOW - 3 * DAY,
      subject: 'Refund policy',
      body: 'Where can I read the refund policy for annual plans?',
      customer: 'u4',
      admin: 'a1',
      team: 't1',
      tags: ['g1'],
    },
    {
      // The words "policy" and "refund" apart, not a phrase.
      id: 'c-policy-apart',
      createdAt: NOW - 3 * DAY,
      subject: 'Annual plans',
      body: 'Your policy on annual plans is unclear to me; would a refund be possible?',
      customer: 'u2',
      admin: 'a2',
    },
    {
      id: 'c-cjk',
      createdAt: NOW - 7 * DAY,
      subject: '退款 问题',
      body: '我 需要 退款 谢谢',
      customer: 'u5',
      tags: ['g3'],
    },
    {
      // Closed, reopened by the customer, closed again; notes; a second contact.
      id: 'c-reopen',
      createdAt: NOW - 10 * DAY,
      state: 'closed',
      subject: 'Export crashes',
      body: 'The export button crashes the app. I get error 500 when exporting CSV files. How can I export my data?',
      customer: 'u1',
      otherContacts: ['u3'],
      admin: 'a2',
      team: 't2',
      tags: ['g2', 'g1'],
      parts: [
        { type: 'note', by: 'a2', at: NOW - 10 * DAY + 10 * MINUTE, body: 'Looks like the known CSV bug.' },
        {
          by: 'a2',
          at: NOW - 10 * DAY + 2 * HOUR,
          body: 'We deployed a fix for the export. Please try again.',
        },
        { type: 'close', by: 'a2', at: NOW - 10 * DAY + 3 * HOUR },
        { type: 'open', by: 'customer', at: NOW - 9 * DAY, body: 'The export still fails for large files.' },
        { by: 'a2', at: NOW - 9 * DAY + HOUR, body: 'Large files are fixed now as well.' },
        { type: 'close', by: 'a2', at: NOW - 9 * DAY + 2 * HOUR },
      ],
      rating: { value: 3, remark: 'Took two tries', teammate: 'a2' },
    },
    {
      id: 'c-long',
      createdAt: NOW - 4 * DAY,
      subject: 'Long thread about sync delays',
      body: 'Our sync is delayed by hours.',
      customer: 'u2',
      admin: 'a3',
      team: 't2',
      parts: longParts,
    },
    {
      // Intercom's 500-part cap: only the latest parts are stored; statistics fill the gaps.
      id: 'c-truncated',
      createdAt: NOW - 5 * DAY,
      state: 'closed',
      subject: 'Very long escalation',
      body: 'Escalation about the data migration.',
      customer: 'u4',
      admin: 'a1',
      team: 't1',
      parts: [
        { by: 'customer', at: NOW - 3 * DAY, body: 'Any update on the migration?' },
        { by: 'a1', at: NOW - 3 * DAY + HOUR, body: 'The migration finished.' },
        { type: 'close', by: 'a1', at: NOW - 3 * DAY + 2 * HOUR },
      ],
      truncated: {
        totalCount: 620,
        stats: {
          first_admin_reply_at: NOW - 5 * DAY + 600,
          last_close_at: NOW - 3 * DAY + 2 * HOUR,
          count_reopens: 2,
        },
      },
    },
    {
      // Outbound: no first response time.
      id: 'c-admin-initiated',
      createdAt: NOW - 8 * DAY,
      subject: 'Your invoice is ready',
      body: 'Your January invoice is attached.',
      customer: 'u2',
      initiatedBy: 'a1',
      admin: 'a1',
      team: 't1',
      parts: [
        { by: 'customer', at: NOW - 8 * DAY + HOUR, body: 'Thanks, but the VAT number is wrong.' },
        { by: 'a1', at: NOW - 8 * DAY + 3 * HOUR, body: 'I corrected the VAT number.' },
      ],
    },
    {
      id: 'c-snoozed',
      createdAt: NOW - 12 * HOUR,
      state: 'snoozed',
      snoozedUntil: NOW + DAY,
      subject: 'Waiting for logs',
      body: 'The mobile app logs me out every hour.',
      customer: 'u4',
      admin: 'a2',
      parts: [
        { by: 'a2', at: NOW - 11 * HOUR, body: 'Could you send us the app logs?' },
        { type: 'snoozed', by: 'a2', at: NOW - 11 * HOUR + MINUTE },
      ],
    },
    {
      // Text that looks like query syntax, to be found literally.
      id: 'c-hostile',
      createdAt: NOW - 15 * DAY,
      subject: 'Weird characters',
      body: 'He said "hello" (and left) -- DROP TABLE conversations; NEAR the edge * star',
      customer: 'u2',
    },
    {
      // Outside every 30-day window.
      id: 'c-old',
      createdAt: NOW - 90 * DAY,
      state: 'closed',
      subject: 'Old refund question',
      body: 'Can I get a refund for last year?',
      customer: 'u1',
      admin: 'a1',
      parts: [
        { by: 'a1', at: NOW - 90 * DAY + 30 * MINUTE, body: 'Refunds are possible within 30 days.' },
        { type: 'close', by: 'a1', at: NOW - 85 * DAY },
      ],
    },
    {
      id: 'c-unassigned',
      createdAt: NOW - 6 * HOUR,
      subject: 'Login broken',
      body: 'I cannot log in since this morning. The password reset email never arrives.',
      customer: 'u1',
      waitingSince: NOW - 6 * HOUR,
    },
    {
      // Bot reply and a note before the first admin comment (30 minutes).
      id: 'c-bot',
      createdAt: NOW - 20 * DAY,
      state: 'closed',
      subject: 'Webhook retries',
      body: 'Our webhook endpoint receives duplicate events. Is that expected?',
      customer: 'u4',
      admin: 'a3',
      team: 't1',
      tags: ['g2'],
      parts: [
        { by: 'bot', at: NOW - 20 * DAY + MINUTE, body: 'Here is an article about webhooks.' },
        { type: 'note', by: 'a3', at: NOW - 20 * DAY + 5 * MINUTE, body: 'Check delivery logs.' },
        {
          by: 'a3',
          at: NOW - 20 * DAY + 30 * MINUTE,
          body: 'Webhooks are delivered at least once, so deduplicate by id.',
        },
        { type: 'close', by: 'a3', at: NOW - 20 * DAY + HOUR },
      ],
      rating: { value: 4 },
    },
  ];
}

/** 24 conversations matching "widget", with score and timestamp ties, for pagination. */
export function paginationConversations(): ConversationSpec[] {
  return Array.from({ length: 24 }, (_, index) => ({
    id: `c-page-${String(index).padStart(2, '0')}`,
    createdAt: NOW - 30 * DAY,
    // Groups of three share updated_at and (with equal text) the score: ties down to row_id.
    updatedAt: NOW - 25 * DAY + Math.floor(index / 3) * HOUR,
    subject: index % 2 === 0 ? 'Widget question' : 'Chat widget broken',
    body:
      index % 2 === 0
        ? 'The widget does not load.'
        : 'After the update the widget shows a blank frame on every page.',
    customer: 'u2',
  }));
}
