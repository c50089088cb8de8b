import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Cancellation } from './cancellation.js';

/** Response headers as the client reads them (a fetch `Headers` fits). */
export interface HeaderLookup {
  /** The header's value (repeated headers joined with ', '), or null when absent. Case-insensitive. */
  get(name: string): string | null;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborts the request, reading the body included. */
  signal?: AbortSignal;
  /** Cancels the request like `signal` does, at a fraction of its cost (what the client passes). */
  cancellation?: Cancellation;
  /** An answer longer than this is not read on: the request fails with `code: 'EFIC_TOO_LARGE'`. */
  maxBodyBytes?: number;
}

/** The error code of an answer longer than the request's `maxBodyBytes`. */
export const TOO_LARGE = 'EFIC_TOO_LARGE';

export interface HttpAnswer {
  status: number;
  headers: HeaderLookup;
  /** The whole body, UTF-8 decoded. */
  text: string;
}

/**
 * Sends one request and reads its whole answer. Rejects when no complete answer came (network failure,
 * connection reset, body cut off, abort); any HTTP status resolves.
 */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

export interface NodeHttpTransportOptions {
  /** Idle keep-alive connections are closed after this long, in ms. Default 4,000 (undici's default). */
  idleTimeoutMs?: number;
}

/**
 * The client's default transport: node:http(s) over keep-alive connections. Chosen over the global fetch
 * for the sync's hot path: on this workload (thousands of small JSON GETs a second) fetch's WHATWG
 * streams cost about 2.4x the CPU per request and ~50 MB more peak RSS (see the sync benchmark).
 * Idle connections never keep the process alive and close after `idleTimeoutMs`.
 */
export function nodeHttpTransport(options: NodeHttpTransportOptions = {}): HttpTransport {
  const agentOptions = {
    keepAlive: true,
    timeout: options.idleTimeoutMs ?? 4_000,
    scheduling: 'lifo',
  } as const;
  let plain: http.Agent | undefined;
  let secure: https.Agent | undefined;
  return (request) => {
    const url = new URL(request.url);
    const isHttps = url.protocol === 'https:';
    const send = isHttps ? https.request : http.request;
    const agent = isHttps
      ? (secure ??= new https.Agent(agentOptions))
      : (plain ??= new http.Agent(agentOptions));
    const headers =
      request.body === undefined
        ? request.headers
        : { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) };
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const { signal, cancellation } = request;
      const outgoing = send(url, { method: request.method, headers, agent, signal }, (response) => {
        readAnswer(response, request.maxBodyBytes ?? MAX_BODY_BYTES).then((answer) => {
          settled = true;
          resolve(answer);
        }, reject);
      });
      outgoing.on('error', reject);
      // Once answered, the socket may already serve another request: never destroy it then.
      cancellation?.onCancel((reason) => {
        if (!settled) outgoing.destroy(asError(reason));
      });
      outgoing.end(request.body);
    });
  };
}

/** A transport over a fetch implementation (tests inject one to shape what the server seems to answer). */
export function fetchTransport(fetchImpl: typeof fetch): HttpTransport {
  return async (request) => {
    const { url, cancellation, signal, ...init } = request;
    let aborts = signal;
    if (cancellation !== undefined) {
      const controller = new AbortController();
      cancellation.onCancel((reason) => controller.abort(reason));
      aborts = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
    }
    const { maxBodyBytes, ...rest } = init;
    const response = await fetchImpl(url, { ...rest, signal: aborts });
    const text = await response.text();
    if (Buffer.byteLength(text) > (maxBodyBytes ?? MAX_BODY_BYTES))
      throw tooLarge(maxBodyBytes ?? MAX_BODY_BYTES);
    return { status: response.status, headers: response.headers, text };
  };
}

/**
 * The longest answer read by default: V8 cannot hold a longer string (0x1fffffe8 characters), and
 * reading one to fail afterwards would take the process to gigabytes.
 */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

function readAnswer(response: IncomingMessage, maxBodyBytes: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBodyBytes) {
        chunks.length = 0;
        reject(tooLarge(maxBodyBytes));
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.on('error', reject);
    response.on('end', () => {
      resolve({
        status: response.statusCode ?? 0,
        headers: headerLookup(response.headers),
        text: Buffer.concat(chunks, length).toString('utf8'),
      });
    });
    // A body cut off by a reset or an abort may end in 'close' alone (settling twice is a no-op).
    response.on('close', () => {
      if (!response.complete) reject(cutOff());
    });
  });
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('The request was cancelled.', { cause: reason });
}

function tooLarge(maxBodyBytes: number): Error {
  return Object.assign(new Error(`The answer is longer than ${Math.round(maxBodyBytes / 1048576)} MB.`), {
    code: TOO_LARGE,
  });
}

function cutOff(): Error {
  return Object.assign(new Error('The connection closed before the answer was complete.'), {
    code: 'ECONNRESET',
  });
}

function headerLookup(headers: IncomingHttpHeaders): HeaderLookup {
  return {
    get: (name) => {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
