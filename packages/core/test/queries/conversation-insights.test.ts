import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ConversationRepository } from '../../src/db/conversation-repository.js';
import { BUILT_IN_ENCODING, compressPayload, readRawPayloads } from '../../src/db/raw-payloads.js';
import { openDatabase } from '../../src/db/open-database.js';
import { conversationSchema } from '../../src/intercom/intercom-schemas.js';
import { parseIntercomResponse } from '../../src/intercom/parse-response.js';
import { getConversation } from '../../src/queries/get-conversation.js';
import { mapConversation } from '../../src/sync/conversation-mapper.js';
import { tempDatabase } from '../sync/fixtures/sync-fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

const example = JSON.parse(
  fs.readFileSync(
    new URL('../fixtures/intercom-examples/conversation_with_parts.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown> & { conversation_parts: { conversation_parts: Record<string, unknown>[] } };

/** The documented example with the 2.16 fields Intercom sends on AI-era workspaces (shapes from the spec). */
function richPayload(): string {
  const [first, ...rest] = example.conversation_parts.conversation_parts;
  return JSON.stringify({
    ...example,
    custom_attributes: {
      'CX Score rating': 2,
      'CX Score explanation': 'The customer waited two days for a refund.',
      Topics: ['Billing', 'Refunds'],
      plan: 'enterprise',
      notes: 'x'.repeat(2000),
    },
    ai_agent_participated: true,
    ai_agent: {
      source_type: 'workflow',
      source_title: 'Refund bot',
      last_answer_type: 'ai_answer',
      resolution_state: 'escalated',
      rating: 3,
      rating_remark: 'slow',
      content_sources: {
        type: 'content_source.list',
        total_count: 1,
        content_sources: [{ url: '/articles/1', title: 'Refunds', locale: 'en', content_type: 'article' }],
      },
    },
    sla_applied: { type: 'conversation_sla_summary', sla_name: 'VIP', sla_status: 'missed' },
    linked_objects: {
      type: 'list',
      total_count: 1,
      has_more: false,
      data: [{ type: 'ticket', id: '77', category: 'Customer' }],
    },
    teammates: { type: 'admin.list', teammates: [{ type: 'admin', id: '274' }] },
    channel: { initial: 'email', current: 'messenger' },
    company: { type: 'company', id: 'co-9', name: 'Acme' },
    conversation_parts: {
      ...example.conversation_parts,
      conversation_parts: [
        {
          ...first,
          attachments: [
            {
              type: 'upload',
              name: 'invoice.pdf',
              url: 'https://files.test/invoice.pdf',
              content_type: 'application/pdf',
              filesize: 1234,
            },
          ],
          metadata: { source: 'email' },
        },
        ...rest,
      ],
    },
  });
}

test('custom attributes, CX Score, Topics, Fin, SLA, channel, company, links, teammates and attachments: stored, indexed and shown by getConversation', async () => {
  const { dbPath, cleanup } = tempDatabase();
  const database = await openDatabase(dbPath);
  try {
    const json = richPayload();
    const conversation = parseIntercomResponse(conversationSchema, JSON.parse(json), {
      endpoint: 'GET /conversations/503',
      noun: 'a conversation',
    });
    const repository = new ConversationRepository(database);
    repository.writePage({
      conversations: [
        {
          ...mapConversation(conversation, 1_700_000_000),
          rawPayload: { encoding: BUILT_IN_ENCODING, body: compressPayload(json) },
        },
      ],
    });
    const id = String(example['id']);

    // Filters read indexed columns.
    const low = sqliteOf(database)
      .prepare(`SELECT id FROM conversations WHERE cx_score_rating <= 2 AND sla_status = 'missed'`)
      .pluck()
      .all();
    assert.deepEqual(low, [id]);
    const plan = sqliteOf(database)
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM conversations WHERE cx_score_rating <= 2`)
      .all() as { detail: string }[];
    assert.ok(
      plan.some((step) => step.detail.includes('conversations_cx_score')),
      JSON.stringify(plan),
    );

    const detail = getConversation(database, { id });
    assert.deepEqual(detail.insights.cxScore, {
      rating: 2,
      explanation: 'The customer waited two days for a refund.',
    });
    assert.deepEqual(detail.insights.topics, ['Billing', 'Refunds']);
    assert.equal(detail.insights.customAttributes['plan'], 'enterprise');
    assert.equal((detail.insights.customAttributes['notes'] as string).length, 503, 'long values are cut');
    assert.equal(detail.insights.aiAgent?.resolutionState, 'escalated');
    assert.equal(detail.insights.aiAgent?.rating, 3);
    assert.deepEqual(detail.insights.aiAgent?.contentSources, [
      { url: '/articles/1', title: 'Refunds', locale: 'en', content_type: 'article' },
    ]);
    assert.deepEqual(detail.insights.sla, { name: 'VIP', status: 'missed' });
    assert.deepEqual(detail.insights.channel, { initial: 'email', current: 'messenger' });
    assert.equal(detail.insights.companyId, 'co-9');
    assert.deepEqual(detail.insights.linkedObjects, [{ type: 'ticket', id: '77', category: 'Customer' }]);
    assert.deepEqual(
      detail.insights.teammates.map((teammate) => teammate.id),
      ['274'],
    );
    const withFile = detail.messages.find((message) => message.attachments !== undefined);
    assert.deepEqual(withFile?.attachments, [
      {
        name: 'invoice.pdf',
        url: 'https://files.test/invoice.pdf',
        contentType: 'application/pdf',
        filesize: 1234,
      },
    ]);
    assert.equal(
      sqliteOf(database).prepare('SELECT metadata FROM conversation_parts WHERE position = 0').pluck().get(),
      '{"source":"email"}',
    );
    // The payload is kept byte for byte.
    assert.equal(readRawPayloads(database, 'conversation', null, 1)[0]?.json, json);
  } finally {
    await database.close();
    cleanup();
  }
});
