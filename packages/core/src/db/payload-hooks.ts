/**
 * Where the ticket and company writers hand the JSON they stored rows from, inside their page
 * transaction: the raw-payload store (raw-payloads.ts, `writeRawPayloads` / `deleteRawPayloads`) plugs
 * in here, so a payload and the rows derived from it commit together.
 */
export interface StoredPayload {
  kind: 'ticket' | 'company';
  id: string;
  /** The JSON text of the object as the API returned it. */
  json: string;
}

export interface PayloadHooks {
  onPayloads?: (payloads: readonly StoredPayload[]) => void;
  onDeleted?: (kind: StoredPayload['kind'], ids: readonly string[]) => void;
}
