import { decodeConversationWrite } from './conversation-write-codec.js';
import type { ConversationRepository } from './conversation-repository.js';
import type { ContactRow } from './reference-data-repository.js';

/** One sync page, ready to write. */
export interface EncodedPage {
  /** The page's conversations, each as `encodeConversationWrite` made it (a sink may take their buffers). */
  conversations: Uint8Array[];
  /** Full contacts the page brought: written first, in their own transaction. */
  contacts: ContactRow[];
  /** sync_state keys written in the conversations' transaction (`undefined` removes a key). */
  state: Record<string, unknown> | undefined;
  /** Unix seconds: the state's updated_at. */
  now: number;
}

/**
 * Where a sync writes its pages (the page pipeline's only dependency on storage). Pages are written in call order; `write` resolves once the page is committed and
 * rejects with FicError('database') if it could not be, after which no later page is written.
 */
export interface PageSink {
  write(page: EncodedPage): Promise<void>;
  /** Waits for pages in flight, then releases what the sink holds. */
  close(): Promise<void>;
}

/** Writes pages through the repository, synchronously, in this thread. */
export class RepositoryPageSink implements PageSink {
  readonly #repository: ConversationRepository;

  constructor(repository: ConversationRepository) {
    this.#repository = repository;
  }

  write(page: EncodedPage): Promise<void> {
    // A failure (FicError 'database' from the repository) rejects the promise.
    return new Promise((resolve) => {
      if (page.contacts.length > 0) this.#repository.upsertContacts(page.contacts);
      this.#repository.writeConversations(page.conversations.map(decodeConversationWrite), page.state);
      resolve();
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
