import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ReadResourceResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { connect, rewriteConversation, seedWorkspace } from './mcp-harness.js';
import type { Connected, SeededWorkspace } from './mcp-harness.js';

/** Gives the conversation three parts of `word` repeated to 100 KB: a transcript of two pages. */
function threeLongParts(dbPath: string, id: string, word: string): Promise<void> {
  return rewriteConversation(dbPath, id, (write) => ({
    ...write,
    parts: [0, 1, 2].map((position) => ({
      ...write.parts[0]!,
      id: `${id}-long-${position}`,
      position,
      body_text: `${word} ${position}: ${`${word} `.repeat(100_000 / (word.length + 1))}`,
    })),
  }));
}

describe('the transcript resource in pages', () => {
  let workspace: SeededWorkspace;
  let connected: Connected;
  let id: string;

  const read = async (uri: string): Promise<string> => {
    const result = ReadResourceResultSchema.parse(await connected.client.readResource({ uri }));
    const content = result.contents[0];
    assert.ok(content !== undefined && 'text' in content);
    return content.text;
  };

  before(async () => {
    workspace = await seedWorkspace({ conversations: 10 });
    id = workspace.fake.truth().conversations[2]!.id;
    await threeLongParts(workspace.dbPath, id, 'apple');
    connected = await connect({ config: workspace.config });
  });

  after(async () => {
    await connected.close();
    await workspace.close();
  });

  test('page 1 is the URI without a page; each page says where the next one is', async () => {
    const first = await read(`intercom://conversation/${id}`);
    assert.equal(await read(`intercom://conversation/${id}?page=1`), first);
    assert.match(
      first,
      new RegExp(`\\*Page 1 of 2\\. Continued on page 2: intercom://conversation/${id}\\?page=2\\*\\n$`),
    );
    const second = await read(`intercom://conversation/${id}?page=2`);
    assert.match(second, /\*Page 2 of 2: the end of the transcript\.\*\n$/);
    assert.ok(second.includes('apple 2: apple'));
  });

  test('a page the transcript does not have, or not a page number, is an invalid-params error', async () => {
    await assert.rejects(
      read(`intercom://conversation/${id}?page=3`),
      /has 2 transcript pages: there is no page 3/,
    );
    await assert.rejects(read(`intercom://conversation/${id}?page=0`), /page must be a whole number from 1/);
    await assert.rejects(
      read(`intercom://conversation/${id}?page=two`),
      /page must be a whole number from 1/,
    );
  });

  test('a conversation synced again is paged afresh, not from the pages read before', async () => {
    assert.ok((await read(`intercom://conversation/${id}?page=2`)).includes('apple 2'));
    await threeLongParts(workspace.dbPath, id, 'pear');
    const second = await read(`intercom://conversation/${id}?page=2`);
    assert.ok(second.includes('pear 2: pear'));
    assert.ok(!second.includes('apple'));
  });
});
