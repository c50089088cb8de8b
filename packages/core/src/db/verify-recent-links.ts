import type { Sqlite } from './open-database.js';
import type { VerifyCheck } from './verify-database.js';

/** How many drifted links a failed check names. */
const exampleCount = 5;

const LINKS = [
  { table: 'conversation_tags', key: 'tag_id' },
  { table: 'conversation_contacts', key: 'contact_id' },
] as const;

/**
 * The recent list of a tag or customer walks its link table by the conversation's updated_at and row_id
 * copied there (migration 0011), so a link whose copy differs from its conversation would be listed at
 * the wrong place or missed. Verify compares every link with its conversation. A drift comes from a write
 * that bypassed the triggers (raw SQL with triggers off, a file edited by hand); `fic rebuild` or
 * `fic sync --full` rewrites the links.
 */
export function checkRecentLinks(sqlite: Sqlite): VerifyCheck {
  const name = 'recent_links';
  const present = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'conversation_tags_recent'`)
    .pluck()
    .get();
  if (present === undefined) {
    return {
      name,
      ok: true,
      skipped: true,
      detail: 'no recent link columns yet (a database from before migration 0011)',
    };
  }
  const drifted: string[] = [];
  let count = 0;
  for (const { table, key } of LINKS) {
    const rows = sqlite
      .prepare(
        `SELECT l.conversation_id AS conversation, l.${key} AS key, l.updated_at AS copied, c.updated_at AS actual
           FROM ${table} l JOIN conversations c ON c.id = l.conversation_id
          WHERE l.updated_at IS NOT c.updated_at OR l.conversation_row_id IS NOT c.row_id`,
      )
      .all() as { conversation: string; key: string; copied: number | null; actual: number }[];
    count += rows.length;
    for (const row of rows.slice(0, exampleCount - drifted.length)) {
      drifted.push(
        `${table} ${row.conversation}/${row.key}: updated_at ${row.copied ?? 'null'}, conversation ${row.actual}`,
      );
    }
  }
  return count === 0
    ? {
        name,
        ok: true,
        detail: "every tag and contact link carries its conversation's updated_at and row_id",
      }
    : {
        name,
        ok: false,
        detail: `${count} tag or contact links drifted from their conversation (${drifted.join('; ')}): tag and customer recent lists may misorder or miss them`,
      };
}
