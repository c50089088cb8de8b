import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ReadResourceResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { call, connect, seedWorkspace, structured } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';
import type {
  GetConversationOutput,
  GetConversationSummaryOutput,
  GetCustomerContextOutput,
  GetRecentConversationsOutput,
  GetSyncStatusOutput,
  GetTeamPerformanceOutput,
  SearchConversationsOutput,
} from '../src/index.js';

const TOOL_NAMES = [
  'get_company_context',
  'get_conversation',
  'get_conversation_summary',
  'get_customer_context',
  'get_recent_conversations',
  'get_sync_status',
  'get_team_performance',
  'get_ticket',
  'search_contacts',
  'search_conversations',
  'search_tickets',
  'sync_conversations',
];

describe('read tools over a real client', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;
  let recent: GetRecentConversationsOutput;

  before(async () => {
    workspace = await seedWorkspace();
    connected = await connect({ config: workspace.config });
    recent = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 50 }),
    );
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  test('tools/list has exactly the twelve tools, each with a title, description, schemas and annotations', async () => {
    const { tools } = await connected.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOL_NAMES);
    for (const tool of tools) {
      assert.ok(tool.title, tool.name);
      assert.ok((tool.description ?? '').length > 40, tool.name);
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
      for (const key of Object.keys(tool.inputSchema.properties ?? {})) assert.match(key, /^[a-z_]+$/);
      if (tool.name === 'sync_conversations') {
        assert.deepEqual(tool.annotations, {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: true,
        });
      } else {
        assert.deepEqual(tool.annotations, { readOnlyHint: true, openWorldHint: false }, tool.name);
      }
    }
  });

  test('get_recent_conversations pages newest first with next_cursor and truncated', async () => {
    const first = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 5 }),
    );
    assert.equal(first.conversations.length, 5);
    assert.equal(first.truncated, true);
    assert.equal(typeof first.next_cursor, 'string');
    const second = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { limit: 5, cursor: first.next_cursor }),
    );
    const seen = new Set(first.conversations.map((c) => c.id));
    for (const conversation of second.conversations) assert.ok(!seen.has(conversation.id));
    assert.ok(first.conversations[4]!.updated_at_unix >= second.conversations[0]!.updated_at_unix);

    const open = structured<GetRecentConversationsOutput>(
      await call(connected.client, 'get_recent_conversations', { state: 'open', limit: 50 }),
    );
    assert.ok(open.conversations.every((c) => c.state === 'open'));
  });

  test('search_conversations finds a conversation by a word of its subject', async () => {
    const target = recent.conversations.find((c) => /[a-z]{5,}/i.test(c.subject ?? ''));
    assert.ok(target, 'a recent conversation with a subject word');
    const word = /[a-z]{5,}/i.exec(target.subject!)![0];
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = structured<SearchConversationsOutput>(
        await call(connected.client, 'search_conversations', { query: word, limit: 50, cursor }),
      );
      assert.equal(typeof page.match_expression, 'string');
      assert.equal(page.truncated, page.next_cursor !== null);
      for (const hit of page.hits) assert.match(hit.snippet, /\S/);
      found.push(...page.hits.map((hit) => hit.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    assert.ok(found.includes(target.id), `search for '${word}' finds ${target.id}`);
    assert.equal(new Set(found).size, found.length, 'pages do not overlap');
  });

  test('get_conversation accepts a string or a number id and links the transcript', async () => {
    const id = recent.conversations[0]!.id;
    const result = await call(connected.client, 'get_conversation', { conversation_id: id, max_parts: 4 });
    const detail = structured<GetConversationOutput>(result);
    assert.equal(detail.id, id);
    assert.equal(detail.transcript_uri, `intercom://conversation/${id}`);
    assert.ok(detail.messages.length >= 1 && detail.messages.length <= 5);
    assert.equal(detail.messages[0]!.part_type, 'source');
    assert.equal(
      detail.truncated,
      detail.omitted !== null || detail.messages.some((m) => m.body?.includes('[cut:')),
    );

    const link = result.content.find((block): block is ResourceLink => block.type === 'resource_link');
    assert.ok(link);
    assert.equal(link.uri, detail.transcript_uri);
    assert.equal(link.mimeType, 'text/markdown');

    const byNumber = structured<GetConversationOutput>(
      await call(connected.client, 'get_conversation', { conversation_id: Number(id) }),
    );
    assert.equal(byNumber.id, id);
  });

  test('the transcript resource returns the whole conversation as Markdown', async () => {
    const id = recent.conversations[0]!.id;
    const full = structured<GetConversationOutput>(
      await call(connected.client, 'get_conversation', { conversation_id: id, max_parts: 100 }),
    );
    const read = ReadResourceResultSchema.parse(
      await connected.client.readResource({ uri: `intercom://conversation/${id}` }),
    );
    const content = read.contents[0];
    assert.ok(content !== undefined && 'text' in content);
    assert.equal(content.mimeType, 'text/markdown');
    assert.match(content.text, /^# /);
    assert.match(content.text, new RegExp(`\\*\\*Id:\\*\\* ${id}`));
    const headings = content.text.split('\n### ').length - 1;
    if (full.omitted === null) assert.equal(headings, full.messages.length);
    else assert.ok(headings > full.messages.length);

    const templates = await connected.client.listResourceTemplates();
    assert.deepEqual(
      templates.resourceTemplates.map((t) => t.uriTemplate),
      ['intercom://conversation/{id}{?page}'],
    );
  });

  test('get_conversation_summary gives the deterministic digest by default', async () => {
    const id = recent.conversations[0]!.id;
    const summary = structured<GetConversationSummaryOutput>(
      await call(connected.client, 'get_conversation_summary', { conversation_id: id }),
    );
    assert.equal(summary.id, id);
    assert.equal(summary.style, 'deterministic');
    assert.equal(summary.model, null);
    assert.equal(summary.fallback_reason, null);
    assert.ok(summary.text.length > 0);
    assert.equal(typeof summary.timeline.opened_at, 'string');
  });

  test('get_customer_context by email and by contact_id', async () => {
    const withEmail = recent.conversations.find((c) => c.customer_email !== null);
    assert.ok(withEmail);
    const byEmail = structured<GetCustomerContextOutput>(
      await call(connected.client, 'get_customer_context', {
        email: withEmail.customer_email!,
        since: '3650d',
      }),
    );
    assert.equal(byEmail.profile.email?.toLowerCase(), withEmail.customer_email!.toLowerCase());
    assert.ok(byEmail.conversation_count >= 1);
    assert.equal(byEmail.truncated, byEmail.conversations.length < byEmail.conversation_count);

    const byId = structured<GetCustomerContextOutput>(
      await call(connected.client, 'get_customer_context', {
        contact_id: byEmail.profile.id,
        since: '3650d',
      }),
    );
    assert.equal(byId.profile.id, byEmail.profile.id);
  });

  test('get_team_performance groups by admin and by team, cut to limit', async () => {
    const admins = structured<GetTeamPerformanceOutput>(
      await call(connected.client, 'get_team_performance', { since: '3650d' }),
    );
    assert.equal(admins.group_by, 'admin');
    assert.ok(admins.totals.assigned > 0);
    assert.equal(admins.group_count >= admins.groups.length, true);

    const one = structured<GetTeamPerformanceOutput>(
      await call(connected.client, 'get_team_performance', { since: '3650d', limit: 1 }),
    );
    assert.equal(one.groups.length, Math.min(1, admins.group_count));
    assert.equal(one.truncated, admins.group_count > 1);

    const teams = structured<GetTeamPerformanceOutput>(
      await call(connected.client, 'get_team_performance', { group_by: 'team', since: '3650d' }),
    );
    assert.equal(teams.group_by, 'team');
  });

  test('get_sync_status reports the synced database and no job yet', async () => {
    const status = structured<GetSyncStatusOutput>(await call(connected.client, 'get_sync_status'));
    assert.equal(status.database!.empty, false);
    assert.equal(status.database!.counts.conversations, workspace.fake.truth().conversations.length);
    assert.equal(status.database!.last_successful_sync!.status, 'succeeded');
    assert.equal(status.job, null);
    assert.deepEqual(status.background_sync, { enabled: false, interval_minutes: 10, next_run_at: null });
    assert.equal(status.database_path, workspace.dbPath);
  });
});
