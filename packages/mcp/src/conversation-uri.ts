import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';

/** The resource template of full transcripts (Markdown). */
export const conversationUriTemplate = 'intercom://conversation/{id}';

export function conversationUri(id: string): string {
  return `intercom://conversation/${encodeURIComponent(id)}`;
}

/** A link the client can read (resources/read) for the whole thread, outside the tool answer. */
export function transcriptLink(id: string, subject: string | null): ResourceLink {
  return {
    type: 'resource_link',
    uri: conversationUri(id),
    name: `conversation-${id}.md`,
    title: subject === null ? `Conversation ${id}` : `Conversation ${id}: ${subject}`,
    description: 'The full transcript as Markdown',
    mimeType: 'text/markdown',
  };
}
