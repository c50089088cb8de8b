import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { FicError } from '../errors.js';
import type { FicDatabase } from './open-database.js';
import type { EncodedPage, PageSink } from './page-sink.js';
import { pageWriteSql } from './page-write-sql.js';
import { databaseError } from './prepared-statements.js';
import type { PageWriteSql } from './page-write-sql.js';

/** What the writer thread starts from (its workerData). */
export interface WriterThreadData {
  path: string;
  sql: PageWriteSql;
  busyTimeoutMs: number;
}

export type WriterThreadRequest = { type: 'page'; id: number; page: EncodedPage } | { type: 'close' };

export type WriterThreadReply =
  | { type: 'ready' }
  | { type: 'written'; id: number }
  | { type: 'failed'; id: number; action: string; message: string; code: string | undefined };

/**
 * Young generation of the writer thread, in MB. It holds one page's rows at a time (decoded, bound and
 * dropped within the transaction), so a small nursery does: V8's default lets it grow to tens of MB.
 */
const YOUNG_GENERATION_MB = 4;

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Writes sync pages on a thread of their own, over its own connection to the same database file: the
 * SQLite work (a few hundred microseconds a conversation, plus commits and checkpoints) runs beside the
 * HTTP requests and their parsing instead of between them. SQL is built here (Kysely) and sent as text,
 * so the thread loads better-sqlite3 and the writer only.
 */
export class WriterThread implements PageSink {
  readonly #worker: Worker;
  readonly #path: string;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 0;
  /** Settles once the last page sent is answered (pages are written in order). */
  #last: Promise<unknown> = Promise.resolve();
  #failure: Error | undefined;

  private constructor(worker: Worker, path: string) {
    this.#worker = worker;
    this.#path = path;
    worker.on('message', (reply: WriterThreadReply) => this.#receive(reply));
    this.#exited = new Promise((resolve) => {
      worker.once('error', (error) => this.#fail(this.#crashed(error)));
      worker.once('exit', () => {
        this.#fail(this.#crashed(undefined));
        resolve();
      });
    });
    worker.unref(); // referenced only while a page is in flight
  }

  /** Starts the thread on `database`'s file; FicError('database') if it cannot open it. */
  static async start(database: FicDatabase, options: { busyTimeoutMs?: number } = {}): Promise<WriterThread> {
    const data: WriterThreadData = {
      path: database.path,
      sql: pageWriteSql(database.db),
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    };
    // A process-wide --max-semi-space-size (fic's bin sets one for its own thread) would override the
    // young generation given here: V8 reads the flag for every isolate it creates. It has done its work
    // for this process's main isolate, so clear it for the writer's.
    v8.setFlagsFromString('--max-semi-space-size=0');
    const [entry, entryOptions] = workerEntry();
    const worker = new Worker(entry, {
      ...entryOptions,
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(databaseError('open the writer', database.path, error));
      const onExit = (): void =>
        reject(new FicError('database', `The writer thread for ${database.path} stopped before it started.`));
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.once('message', () => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve();
      });
    });
    return new WriterThread(worker, database.path);
  }

  write(page: EncodedPage): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const request: WriterThreadRequest = { type: 'page', id, page };
    const written = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref();
      // Moved, not copied: the bytes leave this thread's memory the moment the page is sent.
      this.#worker.postMessage(request, transferable(page.conversations));
    });
    this.#last = written.catch(() => undefined);
    return written;
  }

  async close(): Promise<void> {
    await this.#last;
    this.#worker.ref();
    this.#worker.postMessage({ type: 'close' } satisfies WriterThreadRequest);
    await this.#exited;
  }

  #receive(reply: WriterThreadReply): void {
    if (reply.type === 'ready') return;
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.type === 'written') {
      pending.resolve();
      return;
    }
    const cause = Object.assign(new Error(reply.message), { code: reply.code });
    const error = databaseError(reply.action, this.#path, cause);
    this.#failure ??= error;
    pending.reject(error);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #crashed(error: Error | undefined): FicError {
    const why = error === undefined ? 'stopped' : `failed (${error.message})`;
    return new FicError(
      'database',
      `The writer thread for ${this.#path} ${why}: the pages it had not committed are not saved. Run fic sync again.`,
      { cause: error },
    );
  }
}

/** The buffers behind `views` that can move to the other thread whole (each view spans its own buffer). */
function transferable(views: Uint8Array[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const view of views) {
    const { buffer } = view;
    if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) {
      buffers.push(buffer);
    }
  }
  return buffers;
}

/**
 * The worker's entry file. Under tsx (the tests run the sources) it is TypeScript, which a worker
 * cannot load by itself: a two-line bootstrap registers tsx in the worker first.
 */
function workerEntry(): [URL | string, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./writer-thread-worker.js', import.meta.url), {}];
  const entry = new URL('./writer-thread-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return [bootstrap, { eval: true }];
}
