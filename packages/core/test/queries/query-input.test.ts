import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLimit, parseTimeBound, resolvePeriod } from '../../src/queries/query-input.js';
import { decodeCursor, encodeCursor } from '../../src/queries/query-cursor.js';
import { DAY, HOUR, NOW } from './conversation-builder.js';

const DATE_ERROR = 'since must be an ISO date (2026-01-31) or a relative span like 7d or 24h';

test('ISO dates are 00:00 UTC; date-times without a zone are UTC', () => {
  assert.equal(parseTimeBound('2026-01-31', 'since', NOW), Date.UTC(2026, 0, 31) / 1000);
  assert.equal(parseTimeBound('2026-01-31T12:30:00Z', 'since', NOW), Date.UTC(2026, 0, 31, 12, 30) / 1000);
  assert.equal(parseTimeBound('2026-01-31T12:30', 'since', NOW), Date.UTC(2026, 0, 31, 12, 30) / 1000);
  assert.equal(
    parseTimeBound('2026-01-31T12:30:00+02:00', 'since', NOW),
    Date.UTC(2026, 0, 31, 10, 30) / 1000,
  );
  assert.equal(parseTimeBound(undefined, 'since', NOW), undefined);
});

test('relative spans count back from now', () => {
  assert.equal(parseTimeBound('7d', 'since', NOW), NOW - 7 * DAY);
  assert.equal(parseTimeBound('24h', 'since', NOW), NOW - 24 * HOUR);
  assert.equal(parseTimeBound('90m', 'since', NOW), NOW - 90 * 60);
  assert.equal(parseTimeBound('2W', 'since', NOW), NOW - 14 * DAY);
});

test('anything else is a clear invalid_input error naming the field', () => {
  for (const value of ['', 'yesterday', '7', '7 days', '31/01/2026', '-7d', '7y']) {
    assert.throws(
      () => parseTimeBound(value, 'since', NOW),
      { code: 'invalid_input', message: DATE_ERROR },
      value,
    );
  }
  assert.throws(() => parseTimeBound('soon', 'until', NOW), { message: /^until must be an ISO date/ });
});

test('a date no calendar has is refused, not moved into the next month', () => {
  for (const value of [
    '2026-02-30',
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-02-30T12:00:00Z',
    '2026-02-28T24:00',
    '2026-02-28T23:60',
    '2026-02-28T23:59:60Z',
    '2026-02-28T12:00+24:00',
  ]) {
    assert.throws(
      () => parseTimeBound(value, 'since', NOW),
      { code: 'invalid_input', message: `${DATE_ERROR}: ${value} is not a real date or time` },
      value,
    );
  }
  assert.equal(parseTimeBound('2028-02-29', 'since', NOW), Date.UTC(2028, 1, 29) / 1000, 'a leap day');
  assert.equal(
    parseTimeBound('2026-02-28T23:59:59.5-01:30', 'since', NOW),
    Date.UTC(2026, 2, 1, 1, 29, 59) / 1000,
  );
});

test('periods default to the days before now and must be ordered', () => {
  assert.deepEqual(resolvePeriod({}, NOW, 30), { since: NOW - 30 * DAY, until: NOW });
  assert.deepEqual(resolvePeriod({ until: '2026-01-31' }, NOW, 1), {
    since: Date.UTC(2026, 0, 30) / 1000,
    until: Date.UTC(2026, 0, 31) / 1000,
  });
  assert.throws(() => resolvePeriod({ since: '1d', until: '2d' }, NOW, 30), { code: 'invalid_input' });
});

test('limits have defaults and hard maxima', () => {
  assert.equal(parseLimit(undefined, 'limit', 10, 50), 10);
  assert.equal(parseLimit(50, 'limit', 10, 50), 50);
  for (const bad of [0, 51, 2.5, -1, Number.NaN]) {
    assert.throws(() => parseLimit(bad, 'limit', 10, 50), {
      code: 'invalid_input',
      message: 'limit must be a whole number from 1 to 50',
    });
  }
});

test('cursors round-trip and reject anything malformed', () => {
  const cursor = encodeCursor([-1.2345678901234567, 1772323200, 42]);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(cursor, [3]), [-1.2345678901234567, 1772323200, 42]);
  assert.deepEqual(decodeCursor(encodeCursor([1, 2]), [3, 2]), [1, 2]);
  assert.equal(decodeCursor(undefined, [3]), undefined);
  const strings = Buffer.from(JSON.stringify(['a', 2, 3])).toString('base64url');
  for (const bad of ['x', encodeCursor([1, 2]), strings, Buffer.from('{}').toString('base64url')]) {
    assert.throws(() => decodeCursor(bad, [3]), { code: 'invalid_input' }, bad);
  }
});
