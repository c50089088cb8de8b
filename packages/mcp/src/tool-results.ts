import { isFicError } from '@fastintercom/core/read';
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Logger } from './logger.js';
import { modelFacingMessage } from './model-facing-errors.js';

/** The most characters an error reason may take: one line a model reads, not a report. */
const maxReasonLength = 500;

/** A successful answer: the structured result, the same JSON as text, then any links. */
export function toolResult(structured: Record<string, unknown>, links: ResourceLink[] = []): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(structured) }, ...links],
    structuredContent: structured,
  };
}

/** A failure the model can act on: `isError` with a one-line reason. */
export function errorResult(reason: string): CallToolResult {
  return { content: [{ type: 'text', text: oneLine(reason) }], isError: true };
}

/**
 * The one-line reason for a failure. FicErrors say what to do (in a model's terms: its tools, and what
 * the user must do); anything else is our bug: its stack goes
 * to the log (stderr), never to the client.
 */
export function describeFailure(error: unknown, logger: Logger): string {
  if (isFicError(error)) return modelFacingMessage(error.message);
  if (error instanceof ToolError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  logger(`Internal error: ${error instanceof Error ? (error.stack ?? message) : message}`);
  return `Internal error: ${message}`;
}

/** Zod issues as one sentence: `limit: Too big: expected number to be <=50; query: Required`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length > maxReasonLength ? `${flat.slice(0, maxReasonLength - 1)}…` : flat;
}

/** A failure the tool reports as is (one line, no log): the model can act on its message. */
export class ToolError extends Error {
  override name = 'ToolError';
}
