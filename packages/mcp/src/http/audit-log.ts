import fs from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** One line of the audit log (JSON). */
export interface AuditRecord {
  /** ISO time the request arrived. */
  at: string;
  /** The principal: `token:<name>` (personal token) or `oauth:<sub>` (the identity provider's subject). */
  who: string;
  /** HTTP method and the JSON-RPC method, e.g. "POST tools/call". */
  request: string;
  /** The tool called, or the resource read (its template, not the id, unless arguments are logged). */
  target?: string;
  status: number;
  durationMs: number;
  /** Bytes of the answer's body (the SSE stream's, for a GET). */
  responseBytes: number;
  /** Only with --audit-arguments: tool arguments and resource URIs hold customers' data. */
  arguments?: unknown;
}

export type AuditSink = (record: AuditRecord) => void;

/** Audit lines to a file (created 0600, appended) or, without one, to stderr. */
export function auditSink(file: string | undefined): { write: AuditSink; close: () => void } {
  if (file === undefined) {
    return {
      write: (record) => process.stderr.write(`[fic-serve audit] ${JSON.stringify(record)}\n`),
      close: () => undefined,
    };
  }
  const descriptor = fs.openSync(file, 'a', 0o600);
  return {
    write: (record) => fs.writeSync(descriptor, `${JSON.stringify(record)}\n`),
    close: () => fs.closeSync(descriptor),
  };
}

/**
 * Records every authenticated /mcp request once its answer is complete (or its stream closes): who,
 * what, when, how long, how large. Runs after authentication and JSON parsing.
 */
export function auditMiddleware(sink: AuditSink, includeArguments: boolean, now = Date.now): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = now();
    let bytes = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      bytes += byteLength(chunk);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') bytes += byteLength(chunk);
      return end(chunk, ...rest);
    }) as Response['end'];
    const described = describe(req.body, includeArguments);
    res.once('close', () => {
      sink({
        at: new Date(started).toISOString(),
        who: req.auth?.clientId ?? 'anonymous',
        request: `${req.method}${described.method === undefined ? '' : ` ${described.method}`}`,
        ...(described.target === undefined ? {} : { target: described.target }),
        status: res.statusCode,
        durationMs: now() - started,
        responseBytes: bytes,
        ...(described.arguments === undefined ? {} : { arguments: described.arguments }),
      });
    });
    next();
  };
}

function describe(
  body: unknown,
  includeArguments: boolean,
): { method?: string; target?: string; arguments?: unknown } {
  const message = Array.isArray(body) ? (body[0] as unknown) : body;
  if (typeof message !== 'object' || message === null) return {};
  const { method, params } = message as { method?: unknown; params?: Record<string, unknown> };
  if (typeof method !== 'string') return { method: 'response' };
  if (method === 'tools/call') {
    return {
      method,
      target: typeof params?.name === 'string' ? params.name : undefined,
      arguments: includeArguments ? params?.arguments : undefined,
    };
  }
  if (method === 'resources/read' && typeof params?.uri === 'string') {
    const uri = params.uri;
    return {
      method,
      target: includeArguments ? uri : uri.replace(/^([a-z]+:\/\/[^/]+\/).*$/i, '$1{id}'),
    };
  }
  return { method };
}

function byteLength(chunk: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk);
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
