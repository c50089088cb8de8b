/**
 * Text from the workspace (subjects, bodies, names, emails, tags, API error messages) on its way to a
 * terminal. Anyone who can write to an Intercom inbox can put escape sequences in it, and a terminal
 * acts on them: clear the screen, retitle the window, plant an OSC 8 hyperlink, answer a cursor query
 * into the input, or overwrite and reorder what is shown (carriage return, backspace, bidi overrides).
 * Human output shows such text without the controls; `--json` and MCP keep it exact.
 *
 * Hand-written rather than strip-ansi: strip-ansi (ansi-regex) removes CSI sequences and some OSC ones,
 * but leaves the payload of DCS, SOS, PM and APC strings and of OSC strings it does not recognise, and
 * every lone C0 or C1 control, DEL and bidi control, which a terminal acts on just the same. One pass of
 * a small ECMA-48 scanner covers all of them and leaves every other character (accents, CJK, emoji,
 * Arabic and Hebrew letters, bidi marks) as it is.
 *
 * Removed: escape sequences (CSI, OSC ended by BEL or ST, DCS/SOS/PM/APC strings, two-character and
 * nF escapes) in their 7-bit (ESC ...) and 8-bit (C1) forms; C0 controls but tab and line breaks;
 * C1 controls; DEL; the bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069). A
 * sequence left unterminated swallows the rest of the text, as it would on a terminal.
 */

export interface TerminalTextOptions {
  /**
   * For one-line places (table cells, `label: value` lines): tabs and line breaks become spaces.
   * Otherwise tabs and newlines stay, and a carriage return, vertical tab or form feed becomes a newline
   * (CRLF one newline), so text keeps its lines without overwriting them.
   */
  singleLine?: boolean;
}

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const DEL = 0x7f;
const C1_ST = 0x9c;

/** Anything the scanner would change; most text has none and is returned as it is. */
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  const singleLine = options.singleLine ?? false;
  if (!(singleLine ? NEEDS_WORK_SINGLE_LINE : NEEDS_WORK).test(text)) return text;
  let out = '';
  // Characters from `kept` to `i` are copied in one slice when the run ends.
  let kept = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let next: number;
    let replacement = '';
    if (code === ESC) {
      next = afterEscape(text, i + 1);
    } else if (code >= 0x80 && code <= 0x9f) {
      next = afterC1(text, code, i + 1);
    } else if (code < 0x20 || code === DEL) {
      next = i + 1;
      replacement = controlReplacement(text, code, i, singleLine);
    } else if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      next = i + 1;
    } else {
      i += 1;
      continue;
    }
    out += text.slice(kept, i) + replacement;
    i = next;
    kept = next;
  }
  return out + text.slice(kept);
}

/** For table cells and `label: value` lines. */
export function terminalLine(text: string): string {
  return terminalText(text, { singleLine: true });
}

/**
 * Characters JSON.stringify leaves raw that a terminal still acts on: DEL, C1 controls (an 8-bit CSI
 * or OSC), bidi overrides and isolates, and the line and paragraph separators. JSON.stringify already
 * escapes C0 (ESC included).
 */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `--json` output that is safe on a terminal and still the exact text: the characters above become
 * `\uXXXX` escapes, which only occur inside JSON strings and parse back to the same characters.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function controlReplacement(text: string, code: number, at: number, singleLine: boolean): string {
  switch (code) {
    case 0x09: // tab
      return singleLine ? ' ' : '\t';
    case 0x0a: // line feed
      return singleLine ? ' ' : '\n';
    case 0x0d: // carriage return: CRLF is one line break (its LF follows), a lone CR another
      return text.charCodeAt(at + 1) === 0x0a ? '' : singleLine ? ' ' : '\n';
    case 0x0b: // vertical tab
    case 0x0c: // form feed
      return singleLine ? ' ' : '\n';
    default: // NUL, BEL, backspace, ... and DEL
      return '';
  }
}

/** Where the text goes on after an ESC at `start - 1`. */
function afterEscape(text: string, start: number): number {
  const code = text.charCodeAt(start);
  if (Number.isNaN(code)) return start;
  switch (code) {
    case 0x5b: // [  CSI
      return afterControlSequence(text, start + 1);
    case 0x5d: // ]  OSC: ended by BEL or ST
      return afterControlString(text, start + 1, true);
    case 0x50: // P  DCS
    case 0x58: // X  SOS
    case 0x5e: // ^  PM
    case 0x5f: // _  APC
      return afterControlString(text, start + 1, false);
    default:
      break;
  }
  if (code >= 0x20 && code <= 0x2f) {
    // nF escape (ESC ( B, ESC # 8, ...): intermediates, then one final character.
    let i = start;
    while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i += 1;
    const final = text.charCodeAt(i);
    return final >= 0x30 && final <= 0x7e ? i + 1 : i;
  }
  // ESC 7, ESC c (reset), ESC D, ...: two characters. Before anything else the ESC alone goes.
  return code >= 0x30 && code <= 0x7e ? start + 1 : start;
}

/** Where the text goes on after a C1 control at `start - 1`: the 8-bit forms of the introducers above. */
function afterC1(text: string, code: number, start: number): number {
  switch (code) {
    case 0x9b: // CSI
      return afterControlSequence(text, start);
    case 0x9d: // OSC
      return afterControlString(text, start, true);
    case 0x90: // DCS
    case 0x98: // SOS
    case 0x9e: // PM
    case 0x9f: // APC
      return afterControlString(text, start, false);
    default:
      return start;
  }
}

/**
 * CSI: parameter bytes (0x30-0x3F), intermediate bytes (0x20-0x2F), one final byte (0x40-0x7E). A
 * character outside those ends it early and is looked at on its own.
 */
function afterControlSequence(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x3f) i += 1;
    else return code >= 0x40 && code <= 0x7e ? i + 1 : i;
  }
  return i;
}

/**
 * A control string runs to ST (ESC \ or 8-bit ST), or BEL for OSC (xterm's form, what most programs
 * send); CAN and SUB cancel it, and another ESC starts a new sequence. Unterminated, it runs to the end
 * of the text.
 */
function afterControlString(text: string, start: number, belEnds: boolean): number {
  for (let i = start; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === C1_ST || code === CAN || code === SUB || (belEnds && code === BEL)) return i + 1;
    if (code === ESC) return text.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
  }
  return text.length;
}
