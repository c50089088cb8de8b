import type { z } from 'zod';
import { FicError } from '../errors.js';
import { compileInPlaceCheck } from './in-place-check.js';
import type { InPlaceCheck } from './in-place-check.js';

export interface ResponseContext {
  /** 'GET /conversations/123' */
  endpoint: string;
  /** What the endpoint answers, with its article: 'a conversation', 'a search page'. */
  noun: string;
}

/**
 * Validates a parsed JSON body, which it may change in place into the result (ids to strings): pass a
 * body nothing else holds. A mismatch throws FicError('malformed_response') whose message names the
 * first offending field, e.g. "GET /conversations/123 answered a conversation whose
 * `conversation_parts.conversation_parts[3].created_at` is not a number". Values are never quoted: a
 * body may hold customer data.
 */
export function parseIntercomResponse<T extends z.ZodType>(
  schema: T,
  body: unknown,
  context: ResponseContext,
): z.output<T> {
  if (fastCheck(schema)?.(body) === true) return body as z.output<T>;
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined ? '' : formatPath(issue.path);
  const problem = issue === undefined ? 'does not match the API schema' : describeIssue(issue);
  const what =
    field === '' ? `${context.noun} that ${problem}` : `${context.noun} whose \`${field}\` ${problem}`;
  return malformed(`${context.endpoint} answered ${what}`, { field, endpoint: context.endpoint });
}

const checks = new WeakMap<z.ZodType, InPlaceCheck | null>();

/** The schema's in-place check, compiled once (null: the schema has kinds it cannot check). */
function fastCheck(schema: z.ZodType): InPlaceCheck | null {
  let check = checks.get(schema);
  if (check === undefined) {
    check = compileInPlaceCheck(schema) ?? null;
    checks.set(schema, check);
  }
  return check;
}

/** JSON.parse, failing with FicError('malformed_response') for a body cut off or garbled. */
export function parseJsonBody(text: string, endpoint: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return malformed(`${endpoint} answered with a body that is not valid JSON (cut off or garbled)`, {
      endpoint,
    });
  }
}

function malformed(what: string, details: Record<string, unknown>): never {
  throw new FicError('malformed_response', what, { details });
}

/** `a.b[3].c` from ['a', 'b', 3, 'c']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

const NOUNS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return 'is missing';
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = NOUNS[issue.expected] ?? issue.expected;
      return issue.input === null ? `is null, not ${expected}` : `is not ${expected}`;
    }
    case 'invalid_union':
      return issue.input === null ? 'is null, not a string or a number' : 'is not a string or a number';
    case 'invalid_value':
      return `is not one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return `is invalid (${issue.message})`;
  }
}
