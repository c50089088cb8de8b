import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FicError, IntercomClient } from '@fastintercom/core';
import type { ClientEvent, IntercomClientOptions } from '@fastintercom/core';
import { startFakeIntercom } from '@fastintercom/fake-intercom';
import type { FakeIntercom } from '@fastintercom/fake-intercom';

/** A token shaped like Intercom's; every error message and event is checked not to contain it. */
const TOKEN = 'dG9rOjEyMzQ1Njc4X2FiY2RlZl85ODc2NTQzMjEwOjE6MA==';
const messages: string[] = [];

async function fake(options: Parameters<typeof startFakeIntercom>[0] = {}): Promise<FakeIntercom> {
  const server = await startFakeIntercom({
    conversations: 20,
    rateLimitPerMinute: 0,
    token: TOKEN,
    ...options,
  });
  after(() => server.close());
  return server;
}

function client(server: FakeIntercom, options: Partial<IntercomClientOptions> = {}): IntercomClient {
  return new IntercomClient({
    baseUrl: server.url,
    token: TOKEN,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    onEvent: (event) => messages.push(JSON.stringify(event)),
    ...options,
  });
}

/** Runs `call`, expects a FicError with `code`, and keeps its message for the token check. */
async function failure(call: Promise<unknown>, code: string): Promise<FicError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof FicError, `expected a FicError, got ${String(error)}`);
    messages.push(error.message);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected FicError('${code}')`);
}

describe('IntercomClient against the fake Intercom', () => {
  test('reads conversations, admins, teams, tags, contacts and /me as the workspace holds them', async () => {
    const server = await fake();
    const api = client(server);
    const truth = server.truth();
    const expected = truth.conversations[3]!;
    const conversation = await api.getConversation(expected.id);
    assert.equal(conversation.id, expected.id);
    assert.equal(conversation.updated_at, expected.updated_at);
    assert.equal(conversation.conversation_parts.total_count, expected.parts_total_count);
    assert.deepEqual(
      conversation.conversation_parts.conversation_parts.map((part) => part.id),
      expected.parts.map((part) => part.id),
    );
    assert.deepEqual(
      (await api.listAdmins()).map((admin) => admin.id).sort(),
      truth.admins.map((a) => a.id).sort(),
    );
    assert.deepEqual(
      (await api.listTeams()).map((team) => team.id).sort(),
      truth.teams.map((t) => t.id).sort(),
    );
    assert.deepEqual((await api.listTags()).map((tag) => tag.id).sort(), truth.tags.map((t) => t.id).sort());
    const contactId = expected.contact_ids[0]!;
    assert.equal((await api.getContact(contactId)).id, contactId);
    assert.ok((await api.getMe()).id.length > 0);
    assert.deepEqual(api.stats, { requests: 6, retries: 0, rateLimited: 0, errors: 0 });
  });

  test('searchContacts fetches a batch of contacts by id in one request', async () => {
    const server = await fake();
    const api = client(server);
    const ids = [
      ...new Set(server.truth().conversations.flatMap((conversation) => conversation.contact_ids)),
    ];
    const wanted = ids.slice(0, 12);
    const page = await api.searchContacts({
      query: { field: 'id', operator: 'IN', value: wanted },
      pagination: { per_page: 150 },
    });
    assert.deepEqual(page.data.map((contact) => contact.id).sort(), [...wanted].sort());
    assert.equal(page.total_count, wanted.length);
    assert.equal(api.stats.requests, 1);
  });

  test('a rejected token fails fast: one request, an auth error saying what to do', async () => {
    const server = await fake();
    const api = new IntercomClient({ baseUrl: server.url, token: 'not-the-token', retryBaseDelayMs: 1 });
    const error = await failure(api.getMe(), 'auth');
    assert.equal(
      error.message,
      "INTERCOM_ACCESS_TOKEN was rejected (401): create an access token in Intercom's Developer Hub (Your apps > Authentication) and run fic init",
    );
    assert.ok(!error.message.includes('not-the-token'));
    assert.equal(server.stats().requests, 1);
    assert.deepEqual(api.stats, { requests: 1, retries: 0, rateLimited: 0, errors: 1 });

    // Past GET /me (which checks the token), a 401 is a permission the token lacks, named.
    const denied = await failure(api.listTags(), 'permission');
    assert.match(denied.message, /lacks the "Read tags" permission: GET \/tags answered 401/);
    assert.equal(denied.details.permission, 'Read tags');
    assert.equal(server.stats().requests, 2);
  });

  test('an unknown conversation is not_found, without retries', async () => {
    const server = await fake();
    const api = client(server);
    await failure(api.getConversation('999999999'), 'not_found');
    assert.equal(api.stats.requests, 1);
  });

  test('an API version the server does not know is an api error naming the setting, without retries', async () => {
    const server = await fake();
    const api = client(server, { apiVersion: '3.7' });
    const error = await failure(api.listTags(), 'api');
    assert.match(
      error.message,
      /GET \/tags with 400 \(intercom_version_invalid: .*\).*FASTINTERCOM_API_VERSION/,
    );
    assert.equal(server.stats().requests, 1);
  });

  test('retries through 5xx, resets and truncated JSON, and gets every answer right', async () => {
    const server = await fake({ faults: '500=0.15,502=0.05,503=0.1,reset=0.1,malformed=0.1' });
    const events: ClientEvent[] = [];
    const api = client(server, { retryCount: 10, onEvent: (event) => events.push(event) });
    const truth = server.truth();
    for (const expected of truth.conversations) {
      const conversation = await api.getConversation(expected.id);
      assert.equal(conversation.updated_at, expected.updated_at);
    }
    assert.ok(api.stats.retries > 0);
    assert.equal(api.stats.requests, truth.conversations.length + api.stats.retries);
    assert.equal(api.stats.errors, 0);
    const reasons = new Set(events.flatMap((event) => (event.type === 'retry' ? [event.reason] : [])));
    assert.deepEqual([...reasons].sort(), ['malformed_response', 'network', 'server_error']);
    assert.equal(events.filter((event) => event.type === 'request').length, api.stats.requests);
  });

  test('a server that always fails ends in an api error after retryCount + 1 attempts', async () => {
    const server = await fake({ faults: '500=1' });
    const api = client(server, { retryCount: 3 });
    const error = await failure(api.getConversation(server.truth().conversations[0]!.id), 'api');
    assert.match(
      error.message,
      /^Intercom answered 500 \(server_error: Internal Server Error\) to GET \/conversations\/\d+, 4 times/,
    );
    assert.equal(server.stats().requests, 4);
    assert.deepEqual(api.stats, { requests: 4, retries: 3, rateLimited: 0, errors: 1 });
  });

  test('truncated JSON every time ends in malformed_response', async () => {
    const server = await fake({ faults: 'malformed=1' });
    const api = client(server, { retryCount: 2 });
    const error = await failure(api.listAdmins(), 'malformed_response');
    assert.match(error.message, /GET \/admins answered with a body that is not valid JSON/);
    assert.equal(server.stats().requests, 3);
  });

  test('connection resets every time end in a network error naming the server', async () => {
    const server = await fake({ faults: 'reset=1' });
    const error = await failure(client(server, { retryCount: 1 }).listTeams(), 'network');
    assert.match(error.message, new RegExp(`Could not reach Intercom at ${server.url} for GET /teams`));
    assert.equal(server.stats().requests, 2);
  });

  test('a hanging server ends in a timeout error after each attempt times out', async () => {
    const server = await fake({ faults: 'hang=1' });
    const api = client(server, { timeoutMs: 100, retryCount: 1 });
    const error = await failure(api.getMe(), 'timeout');
    assert.match(
      error.message,
      /GET \/me got no answer within 0.1 s, 2 times.*FASTINTERCOM_API_TIMEOUT_SECONDS/,
    );
    assert.equal(server.stats().requests, 2);
  });

  test("the caller's signal aborts a request in flight", async () => {
    const server = await fake({ faults: 'hang=1' });
    const controller = new AbortController();
    const api = client(server, { timeoutMs: 60_000 });
    const pending = api.getMe({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await failure(pending, 'aborted');
    assert.equal(api.stats.errors, 0, 'a cancellation is not an error');
    await failure(api.getMe({ signal: controller.signal }), 'aborted');
  });

  test('errors and events never contain the token', () => {
    assert.ok(messages.length > 10);
    for (const message of messages) assert.ok(!message.includes(TOKEN), message);
  });
});

describe('IntercomClient and the rate limit', { concurrency: true }, () => {
  test('a 429 is waited out until X-RateLimit-Reset, then the request succeeds', async () => {
    const server = await fake({ rateLimitPerMinute: 60 }); // 10 per 10-second window
    await awayFromWindowEnd();
    // Someone else spends this window's budget.
    for (let i = 0; i < 10; i += 1) {
      await fetch(`${server.url}/tags`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    }
    const impatient = await failure(client(server, { retryCount: 0 }).listTags(), 'rate_limited');
    assert.match(impatient.message, /429.*GET \/tags.*FASTINTERCOM_CONCURRENCY/);
    const api = client(server, { retryCount: 2 });
    assert.ok((await api.listTags()).length > 0);
    assert.equal(api.stats.rateLimited, 1);
    assert.equal(api.stats.retries, 1);
  });

  test('pacing keeps a burst of requests inside the budget: no 429 at all', async () => {
    const server = await fake({ rateLimitPerMinute: 120 }); // 20 per 10-second window
    const api = client(server);
    const ids = server.truth().conversations.map((conversation) => conversation.id);
    const fetched = await Promise.all([...ids, ...ids.slice(0, 5)].map((id) => api.getConversation(id)));
    assert.equal(fetched.length, 25);
    assert.equal(server.stats().rateLimited, 0);
    assert.equal(api.stats.rateLimited, 0);
    assert.equal(api.stats.requests, 25);
  });
});

/** Waits, if needed, so the next steps run early in a 10-second rate-limit window. */
async function awayFromWindowEnd(): Promise<void> {
  const intoWindow = Date.now() % 10_000;
  if (intoWindow > 7_000) await new Promise((resolve) => setTimeout(resolve, 10_050 - intoWindow));
}
