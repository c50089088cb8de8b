import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';
import type { FicMcpServer } from '../create-server.js';
import type { Logger } from '../logger.js';

export interface McpSessionsOptions {
  /** A server for one new session (the tools and resources of fic-mcp over shared database and jobs). */
  createSessionServer: () => FicMcpServer;
  logger: Logger;
  /** Sessions open at once; an initialize beyond it gets 503. Default 1000. */
  maxSessions?: number;
  /** A session without a request for this long is closed (the client initializes again). Default 1 h. */
  idleMs?: number;
  /** Milliseconds clock. Default Date.now. */
  now?: () => number;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: FicMcpServer;
  /** The principal that opened it: no one else may use its id. */
  owner: string;
  lastSeen: number;
}

/**
 * The Streamable HTTP sessions at /mcp: an initialize request without a session id opens one (a new
 * MCP server and transport; the SDK assigns the `Mcp-Session-Id` and checks `MCP-Protocol-Version`),
 * later requests name it. A session belongs to the principal that opened it: another token presenting
 * its id gets the same 404 as an unknown id.
 */
export class McpSessions {
  readonly #options: McpSessionsOptions;
  readonly #sessions = new Map<string, Session>();
  readonly #sweep: NodeJS.Timeout;

  constructor(options: McpSessionsOptions) {
    this.#options = options;
    this.#sweep = setInterval(() => this.#closeIdle(), 60_000);
    this.#sweep.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  async handle(req: Request, res: Response): Promise<void> {
    const owner = req.auth?.clientId ?? 'anonymous';
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId !== undefined) {
      const session = this.#sessions.get(sessionId);
      if (session === undefined || session.owner !== owner) {
        jsonRpcError(res, 404, -32001, 'Session not found: initialize a new session.');
        return;
      }
      session.lastSeen = this.#now();
      await session.transport.handleRequest(req, res, req.body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      jsonRpcError(res, 400, -32000, 'Bad Request: no session id; send an initialize request first.');
      return;
    }
    if (this.#sessions.size >= (this.#options.maxSessions ?? 1000)) {
      jsonRpcError(res, 503, -32000, 'Too many open sessions: try again later.');
      return;
    }
    const server = this.#options.createSessionServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.#sessions.set(id, { transport, server, owner, lastSeen: this.#now() });
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id !== undefined) this.#sessions.delete(id);
      void server.server.close().catch(() => undefined);
    };
    await server.server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweep);
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((session) => session.transport.close().catch(() => undefined)));
  }

  #closeIdle(): void {
    const limit = this.#now() - (this.#options.idleMs ?? 3_600_000);
    for (const [id, session] of this.#sessions) {
      if (session.lastSeen >= limit) continue;
      this.#sessions.delete(id);
      this.#options.logger(`Session closed after an hour without a request (${session.owner}).`);
      void session.transport.close().catch(() => undefined);
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
