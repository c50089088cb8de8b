import { getConversation } from '@fastintercom/core/queries';
import { isFicError } from '@fastintercom/core/read';
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { conversationMarkdown } from '../conversation-markdown.js';
import { conversationUriTemplate } from '../conversation-uri.js';
import type { ToolContext } from '../tool-context.js';
import { describeFailure, oneLine } from '../tool-results.js';

/** Every part we store (Intercom shows at most the 500 most recent). */
const ALL_PARTS = 500;
/** JSON-RPC code for an unknown resource, as the MCP specification names it. */
const RESOURCE_NOT_FOUND = -32002;

/** intercom://conversation/{id}: a whole conversation as Markdown, for the links tools answer with. */
export function registerConversationTranscriptResource(server: McpServer, context: ToolContext): void {
  server.registerResource(
    'conversation-transcript',
    new ResourceTemplate(conversationUriTemplate, { list: undefined }),
    {
      title: 'Conversation transcript',
      description: 'One Intercom conversation, every stored message oldest first, as Markdown',
      mimeType: 'text/markdown',
    },
    async (uri, variables): Promise<ReadResourceResult> => {
      const raw = Array.isArray(variables.id) ? variables.id[0] : variables.id;
      const id = decodeURIComponent(raw ?? '');
      try {
        const database = await context.database.get();
        const detail = getConversation(database, { id, maxParts: ALL_PARTS });
        return {
          contents: [{ uri: uri.href, mimeType: 'text/markdown', text: conversationMarkdown(detail) }],
        };
      } catch (error) {
        throw new McpError(errorCode(error), oneLine(describeFailure(error, context.logger)));
      }
    },
  );
}

function errorCode(error: unknown): number {
  if (!isFicError(error)) return ErrorCode.InternalError;
  if (error.code === 'not_found' || error.code === 'empty_database') return RESOURCE_NOT_FOUND;
  if (error.code === 'invalid_input') return ErrorCode.InvalidParams;
  return ErrorCode.InternalError;
}
