import type { RenderOptions } from '../workspace/conversation-renderer.js';
import { renderConversation, renderConversationJson } from '../workspace/conversation-renderer.js';
import type { Workspace } from '../workspace/workspace.js';

/** Cached bytes kept by default: recent details, so a retry or a second read costs no generation. */
const DEFAULT_BUDGET_BYTES = 32 * 1024 * 1024;
/** prerender() stops here: about 80,000 conversations of the default generator. */
const PRERENDER_MAX_BYTES = 512 * 1024 * 1024;
const CLOSE_OBJECT = Buffer.from('}');

interface Entry {
  /** The conversation's Workspace.revision when rendered. */
  revision: number;
  /** The GET /conversations/{id} body. */
  bytes: Buffer;
  /** Where `,"conversation_parts":` starts: bytes before it plus '}' are the conversation as lists show it. */
  withoutPartsEnd: number;
}

export interface PrerenderResult {
  conversations: number;
  bytes: number;
  ms: number;
}

/**
 * Conversations as the UTF-8 bytes the API answers, generated and encoded once per conversation revision
 * (advance() bumps it) and kept least-recently-used within a byte budget. A detail's bytes also give the
 * conversation as search and list pages show it, so a conversation listed after its detail was rendered
 * costs a copy. The bytes are exactly what encoding the rendered objects gives.
 */
export class RenderedConversations {
  readonly #workspace: Workspace;
  /** Keyed by index * 4 + variant; Map order is least recently used first. */
  readonly #entries = new Map<number, Entry>();
  #bytes = 0;
  #budgetBytes = DEFAULT_BUDGET_BYTES;

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  /** The GET /conversations/{id} body (parts included). */
  detail(index: number, options: RenderOptions): Buffer {
    return this.#entry(index, options).bytes;
  }

  /** The conversation as list and search pages show it (no parts), as byte pieces to concatenate. */
  listItem(index: number, options: RenderOptions): Buffer[] {
    const entry = this.#fresh(index, options);
    if (entry !== undefined) return [entry.bytes.subarray(0, entry.withoutPartsEnd), CLOSE_OBJECT];
    // Not worth generating every part of a conversation only listed.
    return [Buffer.from(JSON.stringify(renderConversation(this.#workspace, index, false, options)))];
  }

  /**
   * Renders every conversation's detail for `options` ahead of time (what a benchmark does before its
   * clock starts), growing the budget to hold them, up to 512 MB.
   */
  prerender(options: RenderOptions): PrerenderResult {
    const started = performance.now();
    this.#budgetBytes = Math.max(this.#budgetBytes, PRERENDER_MAX_BYTES);
    let conversations = 0;
    while (conversations < this.#workspace.count && this.#bytes < PRERENDER_MAX_BYTES) {
      this.#entry(conversations, options);
      conversations++;
    }
    // From now on, newly rendered conversations take the place of the least recently used ones.
    this.#budgetBytes = Math.max(DEFAULT_BUDGET_BYTES, this.#bytes);
    return { conversations, bytes: this.#bytes, ms: Math.round(performance.now() - started) };
  }

  #fresh(index: number, options: RenderOptions): Entry | undefined {
    const entry = this.#entries.get(key(index, options));
    return entry !== undefined && entry.revision === this.#workspace.revision[index] ? entry : undefined;
  }

  #entry(index: number, options: RenderOptions): Entry {
    const cacheKey = key(index, options);
    const cached = this.#entries.get(cacheKey);
    if (cached !== undefined) {
      this.#entries.delete(cacheKey);
      this.#bytes -= cached.bytes.length;
      if (cached.revision === this.#workspace.revision[index]) {
        this.#remember(cacheKey, cached);
        return cached;
      }
    }
    const { withoutParts, parts } = renderConversationJson(this.#workspace, index, options);
    const entry: Entry = {
      revision: this.#workspace.revision[index] ?? 0,
      bytes: Buffer.from(`${withoutParts.slice(0, -1)},"conversation_parts":${parts}}`),
      withoutPartsEnd: Buffer.byteLength(withoutParts) - 1,
    };
    this.#remember(cacheKey, entry);
    return entry;
  }

  #remember(cacheKey: number, entry: Entry): void {
    this.#entries.set(cacheKey, entry);
    this.#bytes += entry.bytes.length;
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#bytes <= this.#budgetBytes || oldestKey === cacheKey) break;
      this.#entries.delete(oldestKey);
      this.#bytes -= oldest.bytes.length;
    }
  }
}

function key(index: number, options: RenderOptions): number {
  return index * 4 + (options.legacy ? 2 : 0) + (options.plaintext ? 1 : 0);
}
