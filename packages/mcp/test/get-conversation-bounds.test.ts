import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, connect, failure, rewriteConversation, seedWorkspace, structured } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';
import type { GetConversationOutput } from '../src/index.js';

const PARTS = 300;

describe('get_conversation answers stay small, however long the conversation', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;
  let id: string;

  before(async () => {
    workspace = await seedWorkspace({ conversations: 10 });
    id = workspace.fake.truth().conversations[4]!.id;
    // 300 parts of 1,500 characters (under the per-body cut), a 1 MB subject, 100 KB author names and
    // 80 tags with 10 KB names: what one conversation of a hostile or careless workspace can hold.
    await rewriteConversation(workspace.dbPath, id, (write) => ({
      ...write,
      conversation: { ...write.conversation, title: `Subject ${'s'.repeat(1_000_000)}` },
      parts: Array.from({ length: PARTS }, (_, position) => ({
        ...write.parts[0]!,
        id: `${id}-many-${position}`,
        position,
        part_type: 'comment',
        author_name: `Author ${'a'.repeat(100_000)}`,
        body_text: `part ${position}: ${'words '.repeat(250)}`,
      })),
      tags: Array.from({ length: 80 }, (_, index) => ({
        tag_id: `big-tag-${index}`,
        name: `tag ${index} ${'t'.repeat(10_000)}`,
        applied_at: null,
      })),
    }));
    connected = await connect({ config: workspace.config });
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  const answer = async (args: Record<string, unknown>): Promise<GetConversationOutput> => {
    const result = await call(connected.client, 'get_conversation', { conversation_id: id, ...args });
    const detail = structured<GetConversationOutput>(result);
    // The whole answer (its JSON travels twice: as text and as structured content).
    assert.ok(Buffer.byteLength(JSON.stringify(result)) <= 2 * 200 * 1024, 'the answer is bounded');
    assert.ok(Buffer.byteLength(JSON.stringify(detail.messages)) <= 128 * 1024, 'messages within 128 KB');
    return detail;
  };

  test('max_parts 100 stops at the byte cap, says what it left out and how to read it', async () => {
    const first = await answer({ max_parts: 100 });
    assert.equal(first.truncated, true);
    assert.ok(first.subject!.length <= 1001 && first.subject!.endsWith('…'));
    assert.ok(first.tags.length <= 50);
    assert.ok(first.messages.every((message) => (message.author_name ?? '').length <= 201));
    assert.equal(first.messages[0]!.part_type, 'source');
    const shown = first.messages.length - 1;
    assert.ok(shown < 100, `fewer than max_parts fit the cap (${shown})`);
    assert.equal(first.omitted!.count, PARTS - shown);
    const positions = first.messages.slice(1).map((message) => message.position);
    const missing = Array.from({ length: PARTS }, (_, position) => position).filter(
      (position) => !positions.includes(position),
    );
    assert.deepEqual(
      [first.omitted!.from_position, first.omitted!.to_position],
      [missing[0], missing.at(-1)],
    );
    assert.equal(missing.length, first.omitted!.count, 'the omitted parts are one range');
    assert.equal(typeof first.next_cursor, 'string');
  });

  test('following next_cursor reads every part left out, in order, each answer bounded', async () => {
    const first = await answer({ max_parts: 100 });
    const read: number[] = [];
    let cursor = first.next_cursor;
    let answers = 0;
    while (cursor !== null) {
      const page = await answer({ max_parts: 100, cursor });
      assert.ok(page.messages.every((message) => message.part_type !== 'source'));
      read.push(...page.messages.map((message) => message.position));
      cursor = page.next_cursor;
      answers += 1;
      assert.ok(answers < 50);
    }
    const from = first.omitted!.from_position;
    assert.deepEqual(
      read,
      Array.from({ length: PARTS - from }, (_, index) => from + index),
    );
  });

  test('a cursor that is not one is an error the model can act on', async () => {
    const reason = failure(
      await call(connected.client, 'get_conversation', { conversation_id: id, cursor: 'page-2' }),
    );
    assert.match(reason, /cursor is not a next_cursor of get_conversation/);
  });
});
