import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Under the ~60 s clients allow a whole tool call, leaving time for the fallback. */
const SAMPLING_TIMEOUT_MS = 40_000;
/** The transcript sent to the client's model: its start and its end when longer. */
const MAX_TRANSCRIPT_CHARS = 40_000;

const instructions =
  'Summarise this Intercom support conversation for a teammate in at most 8 short Markdown lines: ' +
  'the customer and their problem, what the team did, how it ended or what is still open, and any ' +
  'follow-up needed. Use only facts from the transcript.';

export interface ClientModelSummary {
  text: string;
  /** The model the client used, as it names it. */
  model: string;
}

/** Whether the connected client declared the sampling capability (server.createMessage). */
export function clientOffersSampling(server: McpServer): boolean {
  return server.server.getClientCapabilities()?.sampling !== undefined;
}

/** Asks the client's model for a summary of the transcript; throws on refusal, timeout or no text. */
export async function summarizeWithClientModel(
  server: McpServer,
  transcriptMarkdown: string,
  signal: AbortSignal,
): Promise<ClientModelSummary> {
  const result = await server.server.createMessage(
    {
      systemPrompt: 'You write brief, factual summaries of customer support conversations.',
      messages: [
        { role: 'user', content: { type: 'text', text: `${instructions}\n\n${clip(transcriptMarkdown)}` } },
      ],
      maxTokens: 600,
      includeContext: 'none',
      modelPreferences: { speedPriority: 0.7, costPriority: 0.5, intelligencePriority: 0.5 },
    },
    { signal, timeout: SAMPLING_TIMEOUT_MS },
  );
  const text = result.content.type === 'text' ? result.content.text.trim() : '';
  if (text === '') throw new Error(`the client's model answered without text`);
  return { text, model: result.model };
}

function clip(transcript: string): string {
  if (transcript.length <= MAX_TRANSCRIPT_CHARS) return transcript;
  const head = Math.floor(MAX_TRANSCRIPT_CHARS / 3);
  const tail = MAX_TRANSCRIPT_CHARS - head;
  return `${transcript.slice(0, head)}\n\n[… middle of the thread left out …]\n\n${transcript.slice(-tail)}`;
}
