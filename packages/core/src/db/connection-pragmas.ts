import type BetterSqlite3 from 'better-sqlite3';

/**
 * The pragmas of every connection fic opens. WAL lets readers (the MCP server, `fic search`) work while a sync writes.
 */
export function configureConnection(
  sqlite: BetterSqlite3.Database,
  options: { readonly: boolean; busyTimeoutMs: number },
): void {
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  if (!options.readonly) {
    // 8 KB pages for a new file (a no-op on an existing one): raw payloads of 1-3 KB and parts' rows
    // waste less of each page. Measured by VACUUM of a 5,000-conversation copy: 43.3 MB -> 41.7 MB
    // (16 KB pages 41.7 MB too). Set before WAL, which fixes the page size.
    sqlite.pragma('page_size = 8192');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Checkpoint every ~40 MB of WAL instead of ~4 MB: a sync rewrites the same index and search pages
    // page after page, and each checkpoint copies (and fsyncs) them again.
    sqlite.pragma('wal_autocheckpoint = 10000');
  }
  sqlite.pragma('foreign_keys = ON');
  // Page cache (it counts in the process's RSS): 32 MB for the read-only connections that serve queries;
  // 2 MB for a sync's connections, which write as fast with it (the OS caches the file, and a page write
  // touches the same few index pages) and must stay lean: 8 MB cost ~7 MB of peak RSS for no speed.
  sqlite.pragma(`cache_size = ${options.readonly ? -32_000 : -2_000}`);
  sqlite.pragma('temp_store = MEMORY');
}
