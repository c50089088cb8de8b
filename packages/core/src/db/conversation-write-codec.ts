import v8 from 'node:v8';
import type { ConversationWrite } from './conversation-writer.js';

/**
 * A mapped conversation as compact bytes (V8's structured-clone format, what postMessage uses). A sync
 * encodes each conversation the moment it is mapped and holds only the bytes until its page is written:
 * thousands of small row objects that would otherwise live through a few garbage collections (and be
 * promoted to the old generation, growing the heap) become one buffer outside the heap.
 *
 * Kept because it pays where users sync, a network-bound API holding hundreds of fetched conversations
 * until their page is complete. Measured with `bin/fic sync --full --quiet` (peak RSS, /usr/bin/time)
 * against `fake-intercom --conversations 6000 --latency-ms 150 --realistic`: 109.9 and 110.0 MB with the
 * codec, 115.8 and 118.2 MB holding the objects instead. Against an unthrottled fake (10,000
 * conversations, few held) it costs: 117.2/118.1 MB and ~8% more CPU than 113.9/116.3 MB without.
 */
export function encodeConversationWrite(write: ConversationWrite): Uint8Array {
  return v8.serialize(write);
}

export function decodeConversationWrite(bytes: Uint8Array): ConversationWrite {
  return v8.deserialize(bytes) as ConversationWrite;
}
