import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import { call, connect, seedWorkspace, structured } from './mcp-harness.js';
import type { SeededWorkspace } from './mcp-harness.js';
import type { GetConversationSummaryOutput } from '../src/index.js';

describe("get_conversation_summary with style 'llm'", () => {
  let workspace: SeededWorkspace;
  let id: string;
  let deterministic: GetConversationSummaryOutput;
  // Summaries are deterministic for the same data and the same "now".
  const startedAt = Date.now();
  const now = (): number => startedAt;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 20 });
    id = workspace.fake.truth().conversations[0]!.id;
    const plain = await connect({ config: workspace.config, now });
    deterministic = structured<GetConversationSummaryOutput>(
      await call(plain.client, 'get_conversation_summary', { conversation_id: id }),
    );
    await plain.close();
  });

  after(async () => {
    await workspace.close();
  });

  test("asks the client's model when the client offers sampling", async () => {
    const requests: CreateMessageRequest['params'][] = [];
    const connected = await connect(
      { config: workspace.config, now },
      { capabilities: { sampling: {} } },
      (client) => {
        client.setRequestHandler(CreateMessageRequestSchema, (request) => {
          requests.push(request.params);
          return {
            role: 'assistant',
            model: 'test-model-1',
            content: { type: 'text', text: 'The customer was helped.' },
          };
        });
      },
    );
    try {
      const summary = structured<GetConversationSummaryOutput>(
        await call(connected.client, 'get_conversation_summary', { conversation_id: id, style: 'llm' }),
      );
      assert.equal(summary.style, 'llm');
      assert.equal(summary.model, 'test-model-1');
      assert.equal(summary.text, 'The customer was helped.');
      assert.equal(summary.fallback_reason, null);
      assert.equal(summary.problem, deterministic.problem);
      assert.equal(requests.length, 1);
      const prompt = requests[0]!.messages[0]!.content;
      assert.ok(!Array.isArray(prompt) && prompt.type === 'text');
      assert.match(prompt.text, new RegExp(`\\*\\*Id:\\*\\* ${id}`));

      const plain = structured<GetConversationSummaryOutput>(
        await call(connected.client, 'get_conversation_summary', { conversation_id: id }),
      );
      assert.equal(plain.style, 'deterministic');
      assert.equal(requests.length, 1, 'the default style never samples');
    } finally {
      await connected.close();
    }
  });

  test("falls back to the deterministic summary when the client's model fails", async () => {
    const connected = await connect(
      { config: workspace.config, now },
      { capabilities: { sampling: {} } },
      (client) => {
        client.setRequestHandler(CreateMessageRequestSchema, () => {
          throw new Error('user declined');
        });
      },
    );
    try {
      const summary = structured<GetConversationSummaryOutput>(
        await call(connected.client, 'get_conversation_summary', { conversation_id: id, style: 'llm' }),
      );
      assert.equal(summary.style, 'deterministic');
      assert.equal(summary.text, deterministic.text);
      assert.match(summary.fallback_reason ?? '', /user declined/);
    } finally {
      await connected.close();
    }
  });

  test('falls back when the client does not offer sampling', async () => {
    const connected = await connect({ config: workspace.config, now });
    try {
      const summary = structured<GetConversationSummaryOutput>(
        await call(connected.client, 'get_conversation_summary', { conversation_id: id, style: 'llm' }),
      );
      assert.equal(summary.style, 'deterministic');
      assert.equal(summary.text, deterministic.text);
      assert.match(summary.fallback_reason ?? '', /does not offer sampling/);
    } finally {
      await connected.close();
    }
  });
});
