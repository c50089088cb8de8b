import { decodeHTML } from 'entities';

/**
 * Tags whose start or end breaks a line. Everything else (inline tags, unknown tags) is dropped and
 * keeps its text.
 */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/**
 * One pass over every piece of markup: comments, script/style elements with their content, tags,
 * doctypes and processing instructions. A `<` not followed by a tag name ("a < b") stays text.
 * No nested quantifiers, so malformed input cannot make it backtrack badly.
 */
const MARKUP =
  /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<\/?([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|<[!?][^>]*>/g;
const ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
// The whitespace passes match only what they change (a run of two or more, or a single character other
// than the replacement): a lone space or line break is left alone, so a body without such runs is not
// rebuilt string after string (this runs on every part of every conversation a sync fetches).
/** Any run of whitespace -> one space. */
const SPACE_RUN = /\s\s+|[^\S ]/g;
/** Any run of whitespace but line breaks -> one space. */
const INLINE_SPACE_RUN = /[^\S\n]{2,}|[^\S\n ]/g;
/** A line break with the spaces and line breaks around it -> one line break. */
const LINE_BREAK_RUN = / \n[ \n]*|\n[ \n]+/g;

/**
 * Intercom message HTML to plain text, cheaply: it runs on every body of every part (thousands per
 * second during a sync), so it is a few linear regex passes, no DOM. Line breaks and block boundaries
 * become newlines, images become their alt text or `[image]`, links keep their text, entities are
 * decoded, whitespace is collapsed (runs of blank lines become one newline) and the result is trimmed.
 * A body without any tag is taken as plain text: its own line breaks are kept.
 */
export function htmlText(html: string | null | undefined): string {
  if (html === null || html === undefined || html === '') return '';
  let text: string;
  if (html.includes('<')) {
    // HTML whitespace (source newlines included) is just a space; only markup makes lines.
    text = html.replace(SPACE_RUN, ' ').replace(MARKUP, replaceMarkup);
  } else {
    text = html.replace(/\r\n?/g, '\n');
  }
  if (text.includes('&')) text = decodeHTML(text);
  return text.replace(INLINE_SPACE_RUN, ' ').replace(LINE_BREAK_RUN, '\n').trim();
}

function replaceMarkup(
  _match: string,
  rawContentTag: string | undefined,
  tagName: string | undefined,
  attributes: string | undefined,
): string {
  if (rawContentTag !== undefined || tagName === undefined) return '';
  const name = tagName.toLowerCase();
  if (name === 'br' || BLOCK_TAGS.has(name)) return '\n';
  if (name === 'img') {
    const alt = ALT.exec(attributes ?? '');
    const text = (alt?.[1] ?? alt?.[2] ?? alt?.[3] ?? '').trim();
    return text === '' ? ' [image] ' : ` ${text} `;
  }
  // Inline tags join their neighbours: "<b>bold</b>er" reads "bolder".
  return '';
}
