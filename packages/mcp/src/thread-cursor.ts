import { ToolError } from './tool-results.js';

/**
 * The next_cursor of a thread read in pages (get_conversation, get_ticket): the position of the first
 * part not yet returned, behind a prefix naming whose thread it reads, base64url so it reads as opaque.
 */
export function encodeThreadCursor(prefix: string, position: number): string {
  return Buffer.from(`${prefix}:${position}`).toString('base64url');
}

/** The position a cursor of `encodeThreadCursor(prefix, ...)` holds; a ToolError naming `tool` otherwise. */
export function decodeThreadCursor(prefix: string, cursor: string, tool: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([a-z-]+):(\d{1,9})$/.exec(text);
  if (match === null || match[1] !== prefix) {
    throw new ToolError(`cursor is not a next_cursor of ${tool}: pass the one an answer gave.`);
  }
  return Number(match[2]);
}
