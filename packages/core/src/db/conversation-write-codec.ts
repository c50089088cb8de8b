import v8 from 'node:v8';
import type { ConversationWrite } from './conversation-writer.js';

/**
 * A mapped conversation as compact bytes (V8's structured-clone format, what postMessage uses). A sync
 * encodes each conversation the moment it is mapped and holds only the bytes until its page is written:
 * thousands of small row objects that would otherwise live through a few garbage collections (and be
 * promoted to the old generation, growing the heap) become one buffer outside the heap.
 */
export function encodeConversationWrite(write: ConversationWrite): Uint8Array {
  return v8.serialize(write);
}

export function decodeConversationWrite(bytes: Uint8Array): ConversationWrite {
  return v8.deserialize(bytes) as ConversationWrite;
}
