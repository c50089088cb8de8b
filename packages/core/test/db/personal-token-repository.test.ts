import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { isFicError } from '../../src/errors.js';
import { openDatabase } from '../../src/db/open-database.js';
import {
  checkPersonalToken,
  createPersonalToken,
  hashPersonalToken,
  listPersonalTokens,
  revokePersonalToken,
} from '../../src/db/personal-token-repository.js';
import { openTempDatabase } from './fixtures.js';
import { sqliteOf } from '@fastintercom/core/internal';

const NOW = 1_800_000_000;

test('a created token checks out with its scope; the table holds its SHA-256, never the token', async () => {
  const temp = await openTempDatabase();
  try {
    const { token, info } = createPersonalToken(temp.database, { name: 'alice', scope: 'sync', now: NOW });
    assert.match(token, /^fic_[A-Za-z0-9_-]{43}$/);
    assert.equal(info.status, 'active');
    assert.deepEqual(checkPersonalToken(temp.database, token, NOW + 1), {
      valid: true,
      name: 'alice',
      scope: 'sync',
      expiresAt: null,
    });
    const stored = sqliteOf(temp.database).prepare('SELECT * FROM personal_tokens').all();
    assert.deepEqual(stored, [
      {
        name: 'alice',
        token_hash: hashPersonalToken(token),
        scope: 'sync',
        created_at: NOW,
        expires_at: null,
        revoked_at: null,
      },
    ]);
    await temp.database.close();
    // Nowhere in the file (nor its WAL) either.
    for (const file of [temp.file, `${temp.file}-wal`].filter((name) => fs.existsSync(name)))
      assert.equal(fs.readFileSync(file).includes(token.slice(4)), false, file);
  } finally {
    fs.rmSync(temp.dir, { recursive: true, force: true });
  }
});

test('expired, revoked, unknown and look-alike tokens are refused, each saying why', async () => {
  const temp = await openTempDatabase();
  try {
    const expiring = createPersonalToken(temp.database, {
      name: 'short',
      scope: 'read',
      expiresAt: NOW + 60,
      now: NOW,
    });
    assert.equal(checkPersonalToken(temp.database, expiring.token, NOW + 59).valid, true);
    assert.deepEqual(checkPersonalToken(temp.database, expiring.token, NOW + 60), {
      valid: false,
      reason: 'expired',
    });
    const bob = createPersonalToken(temp.database, { name: 'bob', scope: 'read', now: NOW });
    revokePersonalToken(temp.database, 'bob', NOW + 5);
    assert.deepEqual(checkPersonalToken(temp.database, bob.token, NOW + 6), {
      valid: false,
      reason: 'revoked',
    });
    assert.deepEqual(checkPersonalToken(temp.database, `${bob.token}x`, NOW), {
      valid: false,
      reason: 'unknown',
    });
    assert.deepEqual(checkPersonalToken(temp.database, hashPersonalToken(bob.token), NOW), {
      valid: false,
      reason: 'unknown',
    });
    assert.deepEqual(
      listPersonalTokens(temp.database, NOW + 120).map((token) => [token.name, token.status]),
      [
        ['bob', 'revoked'],
        ['short', 'expired'],
      ],
    );
  } finally {
    await temp.dispose();
  }
});

test('names are checked, an active name cannot be reused, a revoked one can (with a new token)', async () => {
  const temp = await openTempDatabase();
  try {
    for (const name of ['', ' alice', 'a'.repeat(65), 'al\u001b[31mice', '-dash']) {
      assert.throws(
        () => createPersonalToken(temp.database, { name, scope: 'read', now: NOW }),
        (error: unknown) => isFicError(error) && error.code === 'invalid_input',
        JSON.stringify(name),
      );
    }
    const first = createPersonalToken(temp.database, { name: 'alice', scope: 'read', now: NOW });
    assert.throws(
      () => createPersonalToken(temp.database, { name: 'alice', scope: 'read', now: NOW }),
      /revoke it first/,
    );
    assert.throws(
      () => revokePersonalToken(temp.database, 'nobody', NOW),
      (error: unknown) => isFicError(error) && error.code === 'not_found',
    );
    revokePersonalToken(temp.database, 'alice', NOW + 1);
    const second = createPersonalToken(temp.database, { name: 'alice', scope: 'sync', now: NOW + 2 });
    assert.equal(checkPersonalToken(temp.database, first.token, NOW + 3).valid, false);
    assert.equal(checkPersonalToken(temp.database, second.token, NOW + 3).valid, true);
  } finally {
    await temp.dispose();
  }
});

test('a read-only connection checks tokens', async () => {
  const temp = await openTempDatabase();
  try {
    const { token } = createPersonalToken(temp.database, { name: 'alice', scope: 'read', now: NOW });
    const reader = await openDatabase(temp.file, { readonly: true });
    try {
      assert.equal(checkPersonalToken(reader, token, NOW).valid, true);
    } finally {
      await reader.close();
    }
  } finally {
    await temp.dispose();
  }
});
