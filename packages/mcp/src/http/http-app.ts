import { getSyncStatus } from '@fastintercom/core/read';
import { InsufficientScopeError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { SharedServerParts } from '../create-server.js';
import type { Logger } from '../logger.js';
import { READ_SCOPE, SYNC_SCOPE } from './access-token-verifier.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import { auditMiddleware } from './audit-log.js';
import type { AuditSink } from './audit-log.js';
import type { McpSessions } from './mcp-sessions.js';
import { originCheck } from './origin-check.js';
import { webhookReceiver } from './webhook-receiver.js';
import type { WebhookRefresher } from './webhook-refresher.js';

export interface HttpAppParts {
  shared: SharedServerParts;
  sessions: McpSessions;
  verifier: AccessTokenVerifier;
  /** The canonical URL of the MCP endpoint (the OAuth resource and audience). */
  resource: URL;
  /** Where the protected resource metadata is served (named in every 401). */
  resourceMetadataUrl: URL;
  authorizationServers: readonly string[];
  allowedOrigins: readonly string[];
  requestsPerMinute: number;
  audit: AuditSink;
  auditArguments: boolean;
  webhook: { secret: string; refresher: WebhookRefresher; maxAgeSeconds: number } | undefined;
  logger: Logger;
  now: () => number;
}

/** The routes of `fic serve`: /mcp, /healthz, /readyz, the resource metadata and the webhook. */
export function createHttpApp(parts: HttpAppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(originCheck([parts.resource.origin, ...parts.allowedOrigins]));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    void readiness(parts).then(({ ready, body }) => res.status(ready ? 200 : 503).json(body));
  });

  // RFC 9728: at the well-known path with the resource's path inserted, and at the bare one.
  const metadata = {
    resource: parts.resource.href,
    authorization_servers: parts.authorizationServers,
    scopes_supported: [READ_SCOPE, SYNC_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'FastIntercom',
  };
  for (const path of [parts.resourceMetadataUrl.pathname, '/.well-known/oauth-protected-resource']) {
    app.get(path, (_req, res) => {
      res.json(metadata);
    });
  }

  if (parts.webhook === undefined) {
    app.post('/webhooks/intercom', (_req, res) => {
      res.status(404).json({
        error: 'webhooks_off',
        error_description: 'Webhooks are off: set FASTINTERCOM_WEBHOOK_SECRET to the app client secret.',
      });
    });
  } else {
    app.post(
      '/webhooks/intercom',
      express.raw({ type: () => true, limit: '1mb' }),
      webhookReceiver({
        secret: parts.webhook.secret,
        refresher: parts.webhook.refresher,
        maxAgeSeconds: parts.webhook.maxAgeSeconds,
        logger: parts.logger,
        now: parts.now,
      }),
    );
  }

  const resourceMetadataUrl = parts.resourceMetadataUrl.href;
  app.all(
    '/mcp',
    express.json({ limit: '4mb' }),
    auditMiddleware(parts.audit, parts.auditArguments, parts.now),
    requireBearerAuth({
      verifier: parts.verifier,
      requiredScopes: [READ_SCOPE],
      resourceMetadataUrl,
      expectedResource: parts.resource,
    }),
    rateLimit({
      windowMs: 60_000,
      limit: parts.requestsPerMinute,
      keyGenerator: (req) => req.auth?.clientId ?? 'anonymous',
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      validate: false,
      message: {
        error: 'rate_limited',
        error_description: 'Too many requests from this client: wait a minute.',
      },
    }),
    syncScopeCheck(resourceMetadataUrl),
    (req: Request, res: Response, next: NextFunction) => {
      parts.sessions.handle(req, res).catch(next);
    },
  );
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    parts.logger(`Request failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) {
      const status = (error as { status?: unknown }).status;
      res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500).json({
        jsonrpc: '2.0',
        error: { code: -32700, message: 'The request could not be handled.' },
        id: null,
      });
    }
  });
  return app;
}

/** Starting a sync (sync_conversations) takes fic:sync; everything else fic:read. */
function syncScopeCheck(resourceMetadataUrl: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body = req.body as { method?: unknown; params?: { name?: unknown } } | undefined;
    const wantsSync = body?.method === 'tools/call' && body.params?.name === 'sync_conversations';
    if (!wantsSync || req.auth?.scopes.includes(SYNC_SCOPE) === true) {
      next();
      return;
    }
    const error = new InsufficientScopeError('sync_conversations needs the fic:sync scope');
    res.set(
      'WWW-Authenticate',
      `Bearer error="insufficient_scope", error_description="${error.message}", scope="${READ_SCOPE} ${SYNC_SCOPE}", resource_metadata="${resourceMetadataUrl}"`,
    );
    res.status(403).json(error.toResponseObject());
  };
}

async function readiness(parts: HttpAppParts): Promise<{ ready: boolean; body: Record<string, unknown> }> {
  const background = parts.shared.background;
  const schedule = {
    backgroundSync:
      background === undefined ? 'off' : `every ${Math.round(background.intervalMs / 60_000)} min`,
    sessions: parts.sessions.size,
  };
  try {
    const database = await parts.shared.database.get();
    const status = getSyncStatus(database, { now: Math.floor(parts.now() / 1000) });
    return {
      ready: true,
      body: {
        status: 'ready',
        database: 'open',
        conversations: status.counts.conversations,
        lastSync:
          status.lastSync === null
            ? null
            : { status: status.lastSync.status, finishedAt: status.lastSync.finishedAt },
        dataAgeSeconds: status.dataAgeSeconds,
        runningSync: status.runningSync !== null,
        ...schedule,
      },
    };
  } catch (error) {
    return {
      ready: false,
      body: {
        status: 'not_ready',
        database: 'unavailable',
        reason: error instanceof Error ? error.message : String(error),
        ...schedule,
      },
    };
  }
}
