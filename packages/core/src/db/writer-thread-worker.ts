/**
 * The writer thread's entry (see writer-thread.ts): opens its own connection to the database, then
 * writes each page it is sent, in order, answering 'written' or 'failed'. After a failure it writes
 * nothing more: a later page over a missing one would leave a gap under the checkpoint.
 * Loads better-sqlite3 and the writer only (no Kysely, no zod).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import { configureConnection } from './connection-pragmas.js';
import { decodeConversationWrite } from './conversation-write-codec.js';
import { ConversationWriter } from './conversation-writer.js';
import type { ConversationWrite } from './conversation-writer.js';
import type { WriterThreadData, WriterThreadReply, WriterThreadRequest } from './writer-thread.js';

const port = parentPort!;
const { path, sql, busyTimeoutMs } = workerData as WriterThreadData;
const sqlite = new Sqlite(path, { fileMustExist: true });
configureConnection(sqlite, { readonly: false, busyTimeoutMs });
const writer = new ConversationWriter(sqlite, sql);
let failed = false;

const reply = (message: WriterThreadReply): void => port.postMessage(message);

/** Decoded one at a time, as the transaction reaches them: a conversation's rows die young. */
function* decoded(conversations: Uint8Array[]): Generator<ConversationWrite> {
  for (const bytes of conversations) yield decodeConversationWrite(bytes);
}

port.on('message', (request: WriterThreadRequest) => {
  if (request.type === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  const { id, page } = request;
  let action = `store ${page.contacts.length} contacts`;
  try {
    if (failed) throw new Error('an earlier page failed to write, so this one was not written');
    if (page.contacts.length > 0) writer.upsertContacts(page.contacts);
    action = `write a page of ${page.conversations.length} conversations`;
    writer.write(decoded(page.conversations), page.state, page.now);
    reply({ type: 'written', id });
  } catch (error) {
    failed = true;
    const { message, code } = error as { message?: unknown; code?: unknown };
    reply({
      type: 'failed',
      id,
      action,
      message: typeof message === 'string' ? message : String(error),
      code: typeof code === 'string' ? code : undefined,
    });
  }
});
reply({ type: 'ready' });
