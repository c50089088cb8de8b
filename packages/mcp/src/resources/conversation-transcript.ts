import { dataVersion, getConversation } from '@fastintercom/core/queries';
import { isFicError } from '@fastintercom/core/read';
import type { FicDatabase } from '@fastintercom/core';
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { conversationMarkdown } from '../conversation-markdown.js';
import { conversationUri, ConversationUriTemplate } from '../conversation-uri.js';
import type { ToolContext } from '../tool-context.js';
import { describeFailure, oneLine } from '../tool-results.js';
import { TRANSCRIPT_PAGE_BYTES, transcriptPages } from '../transcript-pages.js';
import type { TranscriptPages } from '../transcript-pages.js';

/** Every part we store (Intercom shows at most the 500 most recent). */
const ALL_PARTS = 500;
/** JSON-RPC code for an unknown resource, as the MCP specification names it. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * intercom://conversation/{id}{?page}: a whole conversation as Markdown, for the links tools answer
 * with. Past TRANSCRIPT_PAGE_BYTES it comes in pages (`?page=2`, ...), each ending with the URI of the
 * next.
 */
export function registerConversationTranscriptResource(server: McpServer, context: ToolContext): void {
  const transcripts = new LastTranscript();
  server.registerResource(
    'conversation-transcript',
    new ResourceTemplate(new ConversationUriTemplate(), { list: undefined }),
    {
      title: 'Conversation transcript',
      description:
        `One Intercom conversation, every stored message oldest first, as Markdown. Transcripts over ` +
        `${TRANSCRIPT_PAGE_BYTES / 1024} KB come in pages: each page ends with the URI of the next (?page=2, ...).`,
      mimeType: 'text/markdown',
    },
    async (uri, variables): Promise<ReadResourceResult> => {
      try {
        const id = decodeURIComponent(first(variables.id) ?? '');
        const page = pageNumber(first(variables.page));
        const transcript = transcripts.get(await context.database.get(), id);
        const text = transcript.text(page);
        if (text === undefined) {
          const { pages } = transcript;
          throw new McpError(
            ErrorCode.InvalidParams,
            `Conversation ${id} has ${pages} transcript page${pages === 1 ? '' : 's'}: there is no page ${page}.`,
          );
        }
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
      } catch (error) {
        if (error instanceof McpError) throw error;
        throw new McpError(errorCode(error), oneLine(describeFailure(error, context.logger)));
      }
    },
  );
}

/**
 * The pages of the transcript read last. A client reads a long transcript page after page, and each page
 * would otherwise render the whole conversation again (a 20 MB one takes about a third of a second, on
 * the one thread every call shares); kept until anything is written to the database.
 */
class LastTranscript {
  #last: { database: FicDatabase; id: string; version: number; pages: TranscriptPages } | undefined;

  get(database: FicDatabase, id: string): TranscriptPages {
    const version = dataVersion(database);
    const last = this.#last;
    if (last?.database === database && last.id === id && last.version === version) return last.pages;
    this.#last = undefined;
    const detail = getConversation(database, { id, maxParts: ALL_PARTS });
    const pages = transcriptPages(conversationMarkdown(detail), (next) => conversationUri(id, next));
    // One page needs no keeping: reading it again costs what reading it did.
    if (pages.pages > 1) this.#last = { database, id, version, pages };
    return pages;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function pageNumber(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const page = Number(raw);
  if (!Number.isSafeInteger(page) || page < 1) {
    throw new McpError(ErrorCode.InvalidParams, `page must be a whole number from 1, not '${raw}'.`);
  }
  return page;
}

function errorCode(error: unknown): number {
  if (!isFicError(error)) return ErrorCode.InternalError;
  if (error.code === 'not_found' || error.code === 'empty_database') return RESOURCE_NOT_FOUND;
  if (error.code === 'invalid_input') return ErrorCode.InvalidParams;
  return ErrorCode.InternalError;
}
