import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { terminalLine, terminalSafeJson, terminalText } from '../../src/format/terminal-text.js';

describe('terminalText', () => {
  test('removes CSI sequences in 7-bit and 8-bit form, parameters and all', () => {
    assert.equal(terminalText('a\x1b[2J\x1b[Hb'), 'ab');
    assert.equal(terminalText('a\x1b[6nb'), 'ab');
    assert.equal(terminalText('a\x1b[38;5;196mred\x1b[0m'), 'ared');
    assert.equal(terminalText('a\x1b[?1049hb'), 'ab');
    assert.equal(terminalText('a\u009b31mred'), 'ared');
  });

  test('removes OSC strings ended by BEL, by ST or by 8-bit ST, with what they carry', () => {
    assert.equal(terminalText('a\x1b]0;title\x07b'), 'ab');
    assert.equal(terminalText('a\x1b]2;title\x1b\\b'), 'ab');
    assert.equal(terminalText('\x1b]8;;https://evil.test/\x1b\\link\x1b]8;;\x1b\\'), 'link');
    assert.equal(terminalText('a\u009d0;title\u009cb'), 'ab');
    assert.equal(terminalText('a\x1b]52;c;cGF5bG9hZA==\x07b'), 'ab', 'OSC 52 (clipboard)');
  });

  test('removes DCS, SOS, PM and APC strings, and two-character and nF escapes', () => {
    assert.equal(terminalText('a\x1bP+q544e\x1b\\b'), 'ab');
    assert.equal(terminalText('a\x1bXsos\x1b\\b'), 'ab');
    assert.equal(terminalText('a\x1b^pm\x1b\\b'), 'ab');
    assert.equal(terminalText('a\x1b_apc\x1b\\b'), 'ab');
    assert.equal(terminalText('a\u0090dcs\u009cb'), 'ab');
    assert.equal(terminalText('a\x1bcb'), 'ab', 'RIS (reset)');
    assert.equal(terminalText('a\x1b7\x1b8b'), 'ab');
    assert.equal(terminalText('a\x1b(0b'), 'ab', 'line-drawing character set');
    assert.equal(terminalText('a\x1b#8b'), 'ab');
  });

  test('an unterminated string swallows the rest; a lone or broken ESC goes alone', () => {
    assert.equal(terminalText('a\x1b]0;never ended'), 'a');
    assert.equal(terminalText('a\x1b'), 'a');
    assert.equal(terminalText('a\x1b\x1b[1mb'), 'ab');
    assert.equal(terminalText('a\x1b[12'), 'a');
    assert.equal(terminalText('a\x1b[1\nb'), 'a\nb', 'a control ends a CSI and is judged itself');
    assert.equal(terminalText('a\x1b]0;x\x1b[2Jb'), 'ab', 'an ESC inside a string starts a new sequence');
    assert.equal(terminalText('a\x1bé'), 'aé');
  });

  test('removes C0 controls, DEL and C1 controls; line breaks become newlines, tabs stay', () => {
    assert.equal(terminalText('a\x00b\x07c\x08d\x7fe\u0085f\u0080g'), 'abcdefg');
    assert.equal(terminalText('safe\rEVIL'), 'safe\nEVIL');
    assert.equal(terminalText('one\r\ntwo\nthree\vfour\ffive'), 'one\ntwo\nthree\nfour\nfive');
    assert.equal(terminalText('a\tb'), 'a\tb');
  });

  test('terminalLine makes one line: tabs and line breaks become spaces', () => {
    assert.equal(terminalLine('one\r\ntwo\nthree\rfour\tfive'), 'one two three four five');
    assert.equal(terminalLine('a\x1b[2Jb'), 'ab');
  });

  test('removes bidi embeddings, overrides and isolates, keeping the letters and bidi marks', () => {
    assert.equal(terminalText('invoice\u202Efdp.exe\u202C'), 'invoicefdp.exe');
    assert.equal(terminalText('\u202A\u202B\u202D\u2066a\u2067b\u2068c\u2069'), 'abc');
    assert.equal(terminalText('שלום\u200F, مرحبا\u200E'), 'שלום\u200F, مرحبا\u200E');
  });

  test('leaves other text exactly as it is', () => {
    const text = 'Crème brûlée, 東京, 🎉👩‍💻, مرحبا, שלום, ½ € ™ \u00a0nbsp, “quotes”';
    assert.equal(terminalText(text), text);
    assert.equal(terminalLine(text), text);
    assert.equal(terminalText('line one\nline two'), 'line one\nline two');
  });
});

describe('terminalSafeJson', () => {
  test('escapes what JSON.stringify leaves raw, so the JSON parses back to the same text', () => {
    const value = { text: 'a\u009b31m\u202Eb\u2066c\u2069\x7f\u2028\x1b[2J', plain: 'Crème 東京 🎉' };
    const json = terminalSafeJson(JSON.stringify(value, null, 2));
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202a-\u202e\u2066-\u2069]/u);
    assert.deepEqual(JSON.parse(json), value);
    assert.ok(json.includes('Crème 東京 🎉'));
  });
});
