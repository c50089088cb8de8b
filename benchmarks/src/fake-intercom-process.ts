import fs from 'node:fs';
import type { AdvanceChanges, AdvanceResult } from '@fastintercom/fake-intercom';
import { FicError } from '@fastintercom/core';
import { NodeChild } from './node-child.js';
import { binaries } from './repo-paths.js';

export interface FakeWorkspaceOptions {
  conversations: number;
  seed: number;
  latencyMs: number;
  /** 0 = unlimited. */
  rateLimitPerMinute: number;
  /** Every real-API behaviour on (`--realistic`): index lag, tie-less cursor, nulls... */
  realistic?: boolean;
  /** Opening messages padded to this many bytes (`--message-bytes`). */
  messageBytes?: number;
}

/** The record store as stamps (GET /_fake/truth?shape=stamps). */
export interface TruthStamps {
  conversations: { id: string; updated_at: number; parts_total_count: number }[];
  deleted: string[];
}

const TOKEN = 'fic-bench-token';
/** USER_HZ, 100 on every mainstream Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A fresh fake Intercom in its own process (`./bin/fake-intercom`), so serving requests never shares
 * an event loop or a core with the sync being measured. Seeded: the same options give the same workspace.
 */
export class FakeIntercomProcess {
  readonly url: string;
  readonly token = TOKEN;
  /** From spawn to the URL line: generating the workspace and listening. */
  readonly startupMs: number;
  readonly #child: NodeChild;

  private constructor(child: NodeChild, url: string, startupMs: number) {
    this.#child = child;
    this.url = url;
    this.startupMs = startupMs;
  }

  static async start(options: FakeWorkspaceOptions): Promise<FakeIntercomProcess> {
    const started = performance.now();
    const child = new NodeChild([
      binaries.fakeIntercom,
      '--port',
      '0',
      '--conversations',
      String(options.conversations),
      '--seed',
      String(options.seed),
      '--token',
      TOKEN,
      '--latency-ms',
      String(options.latencyMs),
      '--rate-limit-per-minute',
      String(options.rateLimitPerMinute),
      ...(options.realistic === true ? ['--realistic'] : []),
      ...(options.messageBytes === undefined ? [] : ['--message-bytes', String(options.messageBytes)]),
    ]);
    const first = await child.lines.next();
    const url = first.done === true ? undefined : /https?:\/\/[^\s]+/.exec(first.value)?.[0];
    if (url === undefined) {
      await child.stop();
      throw new FicError(
        'network',
        `The fake Intercom did not start (is it built? run npx tsc -b): ${child.stderrTail() || 'no output'}`,
      );
    }
    // Keep draining stdout so the child never blocks on a full pipe.
    void (async () => {
      for await (const _line of child.lines);
    })();
    return new FakeIntercomProcess(child, url.replace(/\/$/, ''), performance.now() - started);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * CPU time (user + system) the fake has used so far, from /proc (Linux); null elsewhere. Shows how
   * much of the machine serving the API takes.
   */
  cpuMs(): number | null {
    try {
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return null;
    }
  }

  /** Simulates live traffic (POST /_fake/advance): the changed conversations get a new updated_at. */
  async advance(changes: AdvanceChanges): Promise<AdvanceResult> {
    const response = await fetch(`${this.url}/_fake/advance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(changes),
    });
    if (!response.ok) {
      throw new FicError('api', `The fake refused advance (${response.status}): ${await response.text()}`);
    }
    return (await response.json()) as AdvanceResult;
  }

  /** Subscribes a webhook receiver (POST /_fake/webhook): changes and deletions are then POSTed to it, signed. */
  async subscribeWebhook(url: string, secret: string): Promise<void> {
    const response = await fetch(`${this.url}/_fake/webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, secret }),
    });
    if (!response.ok) {
      throw new FicError(
        'api',
        `The fake refused the webhook (${response.status}): ${await response.text()}`,
      );
    }
  }

  /** Makes every change searchable now (POST /_fake/search-index/flush): time passing, for the index. */
  async flushSearchIndex(): Promise<void> {
    await this.#control('POST', '/_fake/search-index/flush');
  }

  /** Each conversation's id, updated_at and part count, and the deleted ids: what a copy is judged by. */
  async truthStamps(): Promise<TruthStamps> {
    return (await this.#control('GET', '/_fake/truth?shape=stamps')) as TruthStamps;
  }

  async #control(method: 'GET' | 'POST', path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    if (!response.ok) {
      throw new FicError('api', `The fake refused ${path} (${response.status}): ${await response.text()}`);
    }
    return response.json();
  }

  close(): Promise<void> {
    return this.#child.stop();
  }
}
