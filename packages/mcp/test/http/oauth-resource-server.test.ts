import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createPersonalToken, openDatabase } from '@fastintercom/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { startServe } from '../../src/http/start-serve.js';
import type { RunningServe } from '../../src/http/start-serve.js';
import { seedWorkspace } from '../mcp-harness.js';
import type { SeededWorkspace } from '../mcp-harness.js';

/**
 * `fic serve` as an OAuth 2.1 resource server: access tokens are JWTs this test signs with keys it
 * generates, published from a local JWKS endpoint; the server is started in-process on a loopback port
 * and reached through the SDK's Streamable HTTP client.
 */

const ISSUER = 'https://login.example.test/';

interface Keys {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function keyPair(kid: string): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

async function jwt(
  keys: Keys,
  claims: { aud?: string; iss?: string; scope?: string; sub?: string; expiresIn?: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let builder = new SignJWT({ scope: claims.scope ?? 'fic:read' })
    .setProtectedHeader({ alg: 'ES256', kid: keys.jwk.kid })
    .setIssuer(claims.iss ?? ISSUER)
    .setSubject(claims.sub ?? 'user-1')
    .setIssuedAt(now - 10)
    .setExpirationTime(now + (claims.expiresIn ?? 600));
  if (claims.aud !== undefined) builder = builder.setAudience(claims.aud);
  return builder.sign(keys.privateKey);
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'oauth-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function refusal(url: string, token: string): Promise<number> {
  try {
    await (await connect(url, token)).close();
  } catch (error) {
    assert.ok(error instanceof StreamableHTTPError, String(error));
    return error.code ?? 0;
  }
  return assert.fail('accepted');
}

describe('fic serve: OAuth access tokens from the identity provider', () => {
  let workspace: SeededWorkspace;
  let jwks: http.Server;
  let serve: RunningServe;
  let keys: Keys;
  let stranger: Keys;
  const logs: string[] = [];

  before(async () => {
    workspace = await seedWorkspace({ conversations: 40 });
    keys = await keyPair('key-1');
    stranger = await keyPair('key-1'); // same kid, another key: a forged token
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [keys.jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
    serve = await startServe({
      config: workspace.config,
      port: 0,
      oauth: { issuer: ISSUER, jwksUrl },
      logger: (message) => logs.push(message),
      auditLog: undefined,
    });
  });

  after(async () => {
    await serve.close();
    await new Promise<void>((resolve) => jwks.close(() => resolve()));
    await workspace.close();
  });

  test('the metadata names the issuer as authorization server and the canonical URL as resource', async () => {
    const metadata = (await (
      await fetch(new URL('/.well-known/oauth-protected-resource', serve.mcpUrl))
    ).json()) as Record<string, unknown>;
    assert.deepEqual(metadata.authorization_servers, [ISSUER]);
    assert.equal(metadata.resource, serve.mcpUrl);
  });

  test('a token for this server with fic:read: tools work through the SDK client', async () => {
    const client = await connect(serve.mcpUrl, await jwt(keys, { aud: serve.mcpUrl }));
    try {
      const status = await client.callTool({ name: 'get_sync_status', arguments: {} });
      assert.notEqual(status.isError, true, JSON.stringify(status.content));
      const search = await client.callTool({ name: 'search_conversations', arguments: { query: 'refund' } });
      assert.notEqual(search.isError, true, JSON.stringify(search.content));
    } finally {
      await client.close();
    }
  });

  test('another audience, another issuer, an expired token, a forged signature, no audience: 401', async () => {
    assert.equal(await refusal(serve.mcpUrl, await jwt(keys, { aud: 'https://other.example/mcp' })), 401);
    assert.equal(
      await refusal(serve.mcpUrl, await jwt(keys, { aud: serve.mcpUrl, iss: 'https://evil/' })),
      401,
    );
    assert.equal(await refusal(serve.mcpUrl, await jwt(keys, { aud: serve.mcpUrl, expiresIn: -120 })), 401);
    assert.equal(await refusal(serve.mcpUrl, await jwt(stranger, { aud: serve.mcpUrl })), 401);
    assert.equal(await refusal(serve.mcpUrl, await jwt(keys, {})), 401);
  });

  test('the 401 says why, and names the resource metadata', async () => {
    const response = await fetch(serve.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await jwt(keys, { aud: 'https://other.example/mcp' })}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{}',
    });
    assert.equal(response.status, 401);
    const header = response.headers.get('www-authenticate') ?? '';
    assert.match(header, /error="invalid_token"/);
    assert.match(header, /audience/);
    assert.match(
      header,
      /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
  });

  test('a token without fic:read is 403 insufficient_scope; fic:sync is needed to start a sync', async () => {
    assert.equal(await refusal(serve.mcpUrl, await jwt(keys, { aud: serve.mcpUrl, scope: 'openid' })), 403);
    const reader = await connect(serve.mcpUrl, await jwt(keys, { aud: serve.mcpUrl }));
    try {
      await assert.rejects(
        reader.callTool({ name: 'sync_conversations', arguments: {} }),
        (error: unknown) => error instanceof StreamableHTTPError && error.code === 403,
      );
    } finally {
      await reader.close();
    }
    const response = await fetch(serve.mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await jwt(keys, { aud: serve.mcpUrl })}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'sync_conversations', arguments: {} },
      }),
    });
    assert.equal(response.status, 403);
    assert.match(
      response.headers.get('www-authenticate') ?? '',
      /error="insufficient_scope".*scope="fic:read fic:sync"/,
    );
  });

  test('a session belongs to the subject that opened it: another subject presenting its id gets 404', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(serve.mcpUrl), {
      requestInit: {
        headers: { Authorization: `Bearer ${await jwt(keys, { aud: serve.mcpUrl, sub: 'alice' })}` },
      },
    });
    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const sessionId = transport.sessionId!;
      const response = await fetch(serve.mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await jwt(keys, { aud: serve.mcpUrl, sub: 'mallory' })}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
      });
      assert.equal(response.status, 404);
    } finally {
      await client.close();
    }
  });

  test('a personal token is still accepted beside OAuth; a token of neither kind is not', async () => {
    const database = await openDatabase(workspace.dbPath);
    const now = Math.floor(Date.now() / 1000);
    const { token } = createPersonalToken(database, { name: 'desk', scope: 'read', now });
    await database.close();
    await (await connect(serve.mcpUrl, token)).close();
    assert.equal(await refusal(serve.mcpUrl, 'not-a-token-of-any-kind'), 401);
    assert.ok(!logs.some((line) => line.includes('eyJ')), 'no JWT in the logs');
  });
});
