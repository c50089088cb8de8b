/**
 * Intercom's search query language: a single filter `{field, operator, value}` or a group
 * `{operator: 'AND' | 'OR', value: [...]}`, nested at most two levels, at most 15 filters a group.
 * Compiles to a predicate over any row type given a table of fields.
 */

export type FieldType = 'string' | 'integer' | 'date' | 'boolean';

export interface FieldSpec<R> {
  type: FieldType;
  /** A scalar, null, or an array for multi-valued fields (contact_ids, tag_ids): any element may match. */
  get: (row: R) => unknown;
  /** `=` / `!=` match single words of the value (source.body), as the spec describes. */
  words?: boolean;
}

export type FieldTable<R> = Record<string, FieldSpec<R>>;
export type Predicate<R> = (row: R) => boolean;

export class SearchQueryError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const MAX_DEPTH = 2;
const MAX_FILTERS = 15;
const OPERATORS_BY_TYPE: Record<FieldType, readonly string[]> = {
  string: ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'],
  integer: ['=', '!=', 'IN', 'NIN', '>', '>=', '<', '<='],
  date: ['=', '!=', 'IN', 'NIN', '>', '>=', '<', '<='],
  boolean: ['=', '!=', 'IN', 'NIN'],
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(message: string): SearchQueryError {
  return new SearchQueryError('parameter_invalid', message);
}

function coerce(type: FieldType, field: string, value: unknown): string | number | boolean | null {
  if (value === null) return null;
  switch (type) {
    case 'string':
      if (typeof value === 'string' || typeof value === 'number') return String(value).toLowerCase();
      break;
    case 'integer':
    case 'date':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
  }
  throw invalid(
    `${JSON.stringify(value)} is not a valid value for ${field} (expected ${type === 'date' ? 'a Unix timestamp' : `a ${type}`})`,
  );
}

function normalise(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function compare(actual: unknown, operator: string, expected: unknown, words: boolean): boolean {
  if (Array.isArray(expected)) {
    const hit = expected.some((item) => compare(actual, '=', item, words));
    return operator === 'IN' ? hit : !hit;
  }
  const a = normalise(actual);
  switch (operator) {
    case '=':
      if (words && typeof a === 'string' && typeof expected === 'string')
        return a.split(/[^\p{L}\p{N}'-]+/u).includes(expected);
      return a === expected;
    case '!=':
      return !compare(actual, '=', expected, words);
    case '>':
      return typeof a === 'number' && a > (expected as number);
    case '>=':
      return typeof a === 'number' && a >= (expected as number);
    case '<':
      return typeof a === 'number' && a < (expected as number);
    case '<=':
      return typeof a === 'number' && a <= (expected as number);
    case '~':
      return typeof a === 'string' && a.includes(expected as string);
    case '!~':
      return typeof a !== 'string' || !a.includes(expected as string);
    case '^':
      return typeof a === 'string' && a.startsWith(expected as string);
    case '$':
      return typeof a === 'string' && a.endsWith(expected as string);
    default:
      return false;
  }
}

function compileFilter<R>(filter: Record<string, unknown>, fields: FieldTable<R>): Predicate<R> {
  const { field, operator, value } = filter;
  if (typeof field !== 'string') throw invalid('Each filter needs a string `field`.');
  const spec = fields[field];
  if (spec === undefined)
    throw new SearchQueryError('parameter_invalid', `${field} is not a searchable field.`);
  if (typeof operator !== 'string' || !OPERATORS_BY_TYPE[spec.type].includes(operator)) {
    throw invalid(
      `Operator ${JSON.stringify(operator)} is not supported for ${field} (a ${spec.type} field).`,
    );
  }
  const list = operator === 'IN' || operator === 'NIN';
  if (list !== Array.isArray(value)) {
    throw invalid(
      list ? `${operator} needs an array value.` : `${operator} needs a single value, not an array.`,
    );
  }
  const expected = Array.isArray(value)
    ? value.map((item) => coerce(spec.type, field, item))
    : coerce(spec.type, field, value);
  const negative = operator === '!=' || operator === 'NIN' || operator === '!~';
  const words = spec.words === true;
  return (row) => {
    const actual = spec.get(row);
    if (!Array.isArray(actual)) return compare(actual, operator, expected, words);
    // Multi-valued field: positive operators need one element to match, negative ones all.
    return negative
      ? actual.every((item) => compare(item, operator, expected, words))
      : actual.some((item) => compare(item, operator, expected, words));
  };
}

function compileNode<R>(node: unknown, fields: FieldTable<R>, depth: number): Predicate<R> {
  if (!isRecord(node)) throw invalid('A query must be an object.');
  if ('field' in node) return compileFilter(node, fields);
  const { operator, value } = node;
  if (operator !== 'AND' && operator !== 'OR') throw invalid('A query group needs operator AND or OR.');
  if (!Array.isArray(value) || value.length === 0)
    throw invalid(`${operator} needs a non-empty array of filters.`);
  if (depth > MAX_DEPTH) throw invalid(`Queries can be nested at most ${MAX_DEPTH} levels.`);
  if (value.length > MAX_FILTERS) throw invalid(`A query group can hold at most ${MAX_FILTERS} filters.`);
  const children = value.map((child) => compileNode(child, fields, depth + 1));
  return operator === 'AND'
    ? (row) => children.every((child) => child(row))
    : (row) => children.some((child) => child(row));
}

export function compileQuery<R>(query: unknown, fields: FieldTable<R>): Predicate<R> {
  if (query === undefined) throw new SearchQueryError('parameter_not_found', 'query parameter is required.');
  return compileNode(query, fields, 1);
}

export interface PaginationRequest {
  perPage: number;
  startingAfter: string | undefined;
}

export function parsePagination(pagination: unknown, defaultPerPage = 20): PaginationRequest {
  if (pagination === undefined || pagination === null)
    return { perPage: defaultPerPage, startingAfter: undefined };
  if (!isRecord(pagination)) throw invalid('pagination must be an object.');
  const { per_page: perPage = defaultPerPage, starting_after: startingAfter } = pagination;
  if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1 || perPage > 150) {
    throw invalid('per_page must be an integer between 1 and 150.');
  }
  if (startingAfter !== undefined && startingAfter !== null && typeof startingAfter !== 'string') {
    throw invalid('starting_after must be a string.');
  }
  return { perPage, startingAfter: startingAfter ?? undefined };
}
