import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { StorageReport } from '../bench-report.js';
import { round } from '../latency-stats.js';

/** Bytes of the database file once its write-ahead log is folded in. */
export function databaseBytes(dbPath: string): number {
  const connection = new Database(dbPath, { fileMustExist: true });
  try {
    connection.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    connection.close();
  }
  const wal = `${dbPath}-wal`;
  return fs.statSync(dbPath).size + (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
}

/**
 * Scenario 7: what the synced workspace costs on disk, per conversation, and against the plain text of
 * its messages and the JSON the API sent for it, with the raw payloads it keeps counted in.
 */
export function measureStorage(dbPath: string, rawJsonBytes: number): StorageReport {
  const bytes = databaseBytes(dbPath);
  const connection = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const counts = connection
      .prepare(
        `SELECT (SELECT count(*) FROM conversations) AS conversations,
                (SELECT count(*) FROM conversation_parts) AS parts,
                (SELECT coalesce(sum(length(CAST(body_text AS BLOB))), 0) FROM conversation_parts) AS partText,
                (SELECT coalesce(sum(length(CAST(source_body_text AS BLOB))), 0) FROM conversations) AS sourceText`,
      )
      .get() as { conversations: number; parts: number; partText: number; sourceText: number };
    const text = counts.partText + counts.sourceText;
    // dbstat: the pages each table and index takes (what shows where the bytes go).
    const largest = connection
      .prepare(`SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC`)
      .all() as { name: string; bytes: number }[];
    const rawPayloadBytes = largest
      .filter((table) => table.name === 'raw_payloads' || table.name === 'sqlite_autoindex_raw_payloads_1')
      .reduce((sum, table) => sum + table.bytes, 0);
    const rawPayloads = connection.prepare('SELECT count(*) FROM raw_payloads').pluck().get() as number;
    return {
      conversations: counts.conversations,
      parts: counts.parts,
      databaseBytes: bytes,
      bytesPerConversation: Math.round(bytes / Math.max(1, counts.conversations)),
      messageTextBytes: text,
      rawJsonBytes,
      ratioToText: round(bytes / Math.max(1, text), 2),
      ratioToRawJson: round(bytes / Math.max(1, rawJsonBytes), 2),
      rawPayloads,
      rawPayloadBytes,
      largest: largest.slice(0, 8),
    };
  } finally {
    connection.close();
  }
}
