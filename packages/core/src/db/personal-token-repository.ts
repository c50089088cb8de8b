import crypto from 'node:crypto';
import { FicError } from '../errors.js';
import type { FicDatabase } from './open-database.js';
import { sqliteOf } from './open-database.js';

export type PersonalTokenScope = 'read' | 'sync';

/** A token as `fic token list` shows it: never the token, never its hash. */
export interface PersonalTokenInfo {
  name: string;
  scope: PersonalTokenScope;
  createdAt: number;
  /** Unix seconds; null: never expires. */
  expiresAt: number | null;
  revokedAt: number | null;
  status: 'active' | 'expired' | 'revoked';
}

/** What a presented token turned out to be. */
export type PersonalTokenCheck =
  | { valid: true; name: string; scope: PersonalTokenScope; expiresAt: number | null }
  | { valid: false; reason: 'unknown' | 'revoked' | 'expired' };

export interface CreatePersonalTokenInput {
  name: string;
  scope: PersonalTokenScope;
  /** Unix seconds; undefined: never expires. */
  expiresAt?: number;
  /** Unix seconds. */
  now: number;
}

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const PERSONAL_TOKEN_PREFIX = 'fic_';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

interface TokenRow {
  name: string;
  scope: PersonalTokenScope;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

/**
 * `fic serve`'s personal tokens in the database (migration 0008). A token is 32 random bytes; only its
 * SHA-256 is stored. A slow KDF (scrypt) protects guessable secrets such as passwords; a 256-bit random
 * token cannot be guessed, so SHA-256 is as safe here, costs microseconds per request, and lets a request
 * find its row through the unique index instead of trying every stored hash.
 */
export function createPersonalToken(
  database: FicDatabase,
  input: CreatePersonalTokenInput,
): { token: string; info: PersonalTokenInfo } {
  if (!namePattern.test(input.name)) {
    throw new FicError(
      'invalid_input',
      'A token name is 1 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.',
    );
  }
  const existing = selectRow(database, input.name);
  if (existing !== undefined && existing.revoked_at === null) {
    throw new FicError(
      'invalid_input',
      `A token named ${input.name} exists: revoke it first (fic token revoke ${input.name}) or choose another name.`,
    );
  }
  const token = PERSONAL_TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  const expiresAt = input.expiresAt ?? null;
  sqliteOf(database)
    .prepare(
      `INSERT INTO personal_tokens (name, token_hash, scope, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, scope = excluded.scope,
         created_at = excluded.created_at, expires_at = excluded.expires_at, revoked_at = NULL`,
    )
    .run(input.name, hashPersonalToken(token), input.scope, input.now, expiresAt);
  return {
    token,
    info: infoOf(
      {
        name: input.name,
        scope: input.scope,
        created_at: input.now,
        expires_at: expiresAt,
        revoked_at: null,
      },
      input.now,
    ),
  };
}

export function listPersonalTokens(database: FicDatabase, now: number): PersonalTokenInfo[] {
  const rows = sqliteOf(database)
    .prepare('SELECT name, scope, created_at, expires_at, revoked_at FROM personal_tokens ORDER BY name')
    .all() as TokenRow[];
  return rows.map((row) => infoOf(row, now));
}

/** Revokes at once: the server looks tokens up on every request. FicError 'not_found' for an unknown name. */
export function revokePersonalToken(database: FicDatabase, name: string, now: number): PersonalTokenInfo {
  const row = selectRow(database, name);
  if (row === undefined) {
    throw new FicError('not_found', `No token named ${name}: fic token list shows them.`);
  }
  if (row.revoked_at === null) {
    sqliteOf(database).prepare('UPDATE personal_tokens SET revoked_at = ? WHERE name = ?').run(now, name);
    row.revoked_at = now;
  }
  return infoOf(row, now);
}

/** Looks a presented token up by its hash. Works on a read-only connection. */
export function checkPersonalToken(database: FicDatabase, token: string, now: number): PersonalTokenCheck {
  if (!token.startsWith(PERSONAL_TOKEN_PREFIX)) return { valid: false, reason: 'unknown' };
  let row: TokenRow | undefined;
  try {
    row = sqliteOf(database)
      .prepare(
        'SELECT name, scope, created_at, expires_at, revoked_at FROM personal_tokens WHERE token_hash = ?',
      )
      .get(hashPersonalToken(token)) as TokenRow | undefined;
  } catch (error) {
    // A database no fic token create has migrated yet holds no tokens.
    if (error instanceof Error && /no such table/.test(error.message))
      return { valid: false, reason: 'unknown' };
    throw error;
  }
  if (row === undefined) return { valid: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { valid: false, reason: 'revoked' };
  if (row.expires_at !== null && row.expires_at <= now) return { valid: false, reason: 'expired' };
  return { valid: true, name: row.name, scope: row.scope, expiresAt: row.expires_at };
}

export function hashPersonalToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

function selectRow(database: FicDatabase, name: string): TokenRow | undefined {
  return sqliteOf(database)
    .prepare('SELECT name, scope, created_at, expires_at, revoked_at FROM personal_tokens WHERE name = ?')
    .get(name) as TokenRow | undefined;
}

function infoOf(row: TokenRow, now: number): PersonalTokenInfo {
  const status =
    row.revoked_at !== null
      ? 'revoked'
      : row.expires_at !== null && row.expires_at <= now
        ? 'expired'
        : 'active';
  return {
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    status,
  };
}
