import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';

/** The resource template of full transcripts (Markdown), a page at a time past TRANSCRIPT_PAGE_BYTES. */
export const conversationUriTemplate = 'intercom://conversation/{id}{?page}';

export function conversationUri(id: string, page?: number): string {
  const uri = `intercom://conversation/${encodeURIComponent(id)}`;
  return page === undefined || page === 1 ? uri : `${uri}?page=${page}`;
}

/**
 * The template as RFC 6570 reads it: `{?page}` may be left out (`intercom://conversation/123` is page 1).
 * The SDK's matcher requires every query variable, so a URI without one is matched on the path alone.
 */
export class ConversationUriTemplate extends UriTemplate {
  readonly #pathOnly = new UriTemplate('intercom://conversation/{id}');

  constructor() {
    super(conversationUriTemplate);
  }

  override match(uri: string): Record<string, string | string[]> | null {
    return super.match(uri) ?? (uri.includes('?') ? null : this.#pathOnly.match(uri));
  }
}

/** A link the client can read (resources/read) for the whole thread, outside the tool answer. */
export function transcriptLink(id: string, subject: string | null): ResourceLink {
  return {
    type: 'resource_link',
    uri: conversationUri(id),
    name: `conversation-${id}.md`,
    title: subject === null ? `Conversation ${id}` : `Conversation ${id}: ${subject}`,
    description: 'The full transcript as Markdown (long ones in pages, each saying where the next is)',
    mimeType: 'text/markdown',
  };
}
