import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeIntercom } from '../../src/index.js';
import { RenderedConversations } from '../../src/routes/rendered-conversations.js';
import { advanceWorkspace } from '../../src/workspace/advance.js';
import type { RenderOptions } from '../../src/workspace/conversation-renderer.js';
import { renderConversation } from '../../src/workspace/conversation-renderer.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { api } from '../fake-client.js';

const NOW = 1_780_000_000;
const VARIANTS: RenderOptions[] = [
  { legacy: false, plaintext: false },
  { legacy: false, plaintext: true },
  { legacy: true, plaintext: false },
  { legacy: true, plaintext: true },
];

/** What the fake answered before responses were cached: the rendered object, encoded. */
function encoded(workspace: Workspace, index: number, withParts: boolean, options: RenderOptions): string {
  return JSON.stringify(renderConversation(workspace, index, withParts, options));
}

const text = (pieces: Buffer[]): string => Buffer.concat(pieces).toString('utf8');

test('details and list items are exactly the encoded rendering, cached or not, in every variant', () => {
  const workspace = new Workspace({ conversations: 120, seed: 5, now: NOW });
  const rendered = new RenderedConversations(workspace);
  for (const options of VARIANTS) {
    for (let index = 0; index < workspace.count; index++) {
      const listItem = encoded(workspace, index, false, options);
      assert.equal(text(rendered.listItem(index, options)), listItem, 'listed before its detail');
      assert.equal(
        rendered.detail(index, options).toString('utf8'),
        encoded(workspace, index, true, options),
      );
      assert.equal(text(rendered.listItem(index, options)), listItem, 'listed from the cached detail');
    }
  }
});

test('prerender() renders every conversation once; advance() makes only the changed ones stale', () => {
  const workspace = new Workspace({ conversations: 150, seed: 6, now: NOW });
  const rendered = new RenderedConversations(workspace);
  const options = VARIANTS[0]!;
  const result = rendered.prerender(options);
  assert.equal(result.conversations, 150);
  const before = Array.from({ length: workspace.count }, (_, index) => rendered.detail(index, options));
  assert.equal(
    result.bytes,
    before.reduce((total, bytes) => total + bytes.length, 0),
  );

  const changes = advanceWorkspace(workspace, { replies: 8, closes: 3, notes: 2, newConversations: 2 });
  const changed = new Set([...changes.updated, ...changes.created]);
  assert.ok(changes.updated.length > 0);
  for (let index = 0; index < workspace.count; index++) {
    const detail = rendered.detail(index, options);
    assert.equal(detail.toString('utf8'), encoded(workspace, index, true, options));
    if (changed.has(workspace.idOf(index))) assert.notEqual(detail, before[index], 'rendered again');
    else assert.equal(detail, before[index], 'served from the cache');
  }
});

test('over HTTP a prerendered fake answers byte for byte what a cold one does, faults included', async () => {
  const options = { conversations: 150, seed: 9, now: NOW };
  const cold = await startFakeIntercom(options);
  const warm = await startFakeIntercom(options);
  try {
    const prerendered = await api(warm, '/_fake/prerender', { method: 'POST' });
    assert.equal(prerendered.status, 200);
    assert.equal(prerendered.body.conversations, 150);
    assert.equal(warm.stats().rateLimited, 0);

    const ids: string[] = [];
    let startingAfter: string | undefined;
    do {
      const body = {
        query: { field: 'updated_at', operator: '>', value: 0 },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 40, starting_after: startingAfter },
      };
      const [a, b] = await Promise.all(
        [cold, warm].map((fake) => api(fake, '/conversations/search', { body })),
      );
      assert.equal(b!.text, a!.text);
      // A page assembled from encoded items is still the canonical encoding of what it holds.
      assert.equal(JSON.stringify(a!.body), a!.text);
      ids.push(...(a!.body.conversations as { id: string }[]).map((conversation) => conversation.id));
      startingAfter = a!.body.pages.next?.starting_after as string | undefined;
    } while (startingAfter !== undefined);
    assert.equal(ids.length, 150);

    for (const [position, id] of ids.entries()) {
      const path = position % 3 === 0 ? `/conversations/${id}?display_as=plaintext` : `/conversations/${id}`;
      const [a, b] = await Promise.all([cold, warm].map((fake) => api(fake, path)));
      assert.equal(b!.status, 200);
      assert.equal(b!.text, a!.text);
    }

    for (const fake of [cold, warm]) fake.setFaults('malformed=1');
    const [a, b] = await Promise.all([cold, warm].map((fake) => api(fake, `/conversations/${ids[0]}`)));
    assert.equal(b!.body, undefined, 'cut off');
    assert.equal(b!.text, a!.text);
  } finally {
    await Promise.all([cold.close(), warm.close()]);
  }
});
