import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  booleanText,
  httpUrl,
  invalid,
  oneOf,
  positiveNumber,
  text,
  wholeNumber,
} from '../src/config-parsers.js';
import type { ParseSetting } from '../src/config-parsers.js';

function check(parse: ParseSetting, cases: [unknown, unknown][]): void {
  for (const [raw, expected] of cases) {
    assert.equal(parse(raw), expected, `${JSON.stringify(raw)}`);
  }
}

test('text is trimmed and must hold something', () => {
  check(text, [
    [' 2.16 ', '2.16'],
    ['   ', invalid],
    ['', invalid],
    [42, invalid],
  ]);
});

test('URLs must be absolute http(s) and lose trailing slashes', () => {
  check(httpUrl, [
    ['https://api.intercom.io', 'https://api.intercom.io'],
    [' http://127.0.0.1:37023// ', 'http://127.0.0.1:37023'],
    ['HTTPS://api.eu.intercom.io/', 'HTTPS://api.eu.intercom.io'],
    ['ftp://x', invalid],
    ['http:example.com', invalid],
    ['https://', invalid],
    ['api.intercom.io', invalid],
    [null, invalid],
  ]);
});

test('a choice is matched in any case but not padded', () => {
  check(oneOf(['us', 'eu', 'au']), [
    ['EU', 'eu'],
    ['au', 'au'],
    [' us', invalid],
    ['mars', invalid],
    [1, invalid],
  ]);
});

test('numbers come as numbers or text, within their bounds', () => {
  check(wholeNumber(0, 20), [
    ['3', 3],
    [' 12 ', 12],
    [0, 0],
    ['1e1', 10],
    ['', 0],
    ['21', invalid],
    ['-1', invalid],
    [1.5, invalid],
    ['lots', invalid],
  ]);
  check(positiveNumber(3600), [
    ['2.5', 2.5],
    [3600, 3600],
    ['0', invalid],
    ['3601', invalid],
    ['Infinity', invalid],
    [Symbol('x'), invalid],
  ]);
});

test('booleans come as booleans or as the words for them', () => {
  check(booleanText, [
    [true, true],
    ['yes', true],
    ['on', true],
    ['1', true],
    ['off', false],
    ['0', false],
    ['TRUE', invalid],
    [1, invalid],
    ['maybe', invalid],
  ]);
});
