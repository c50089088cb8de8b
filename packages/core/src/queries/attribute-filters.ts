import { FicError } from '../errors.js';

/**
 * Comparisons on a conversation's custom attributes ("CX Score rating <= 2", "Plan = Enterprise"),
 * parsed from the one-line form the CLI takes or built by the MCP tools, and turned into SQL over the
 * JSON column `c.custom_attributes`.
 *
 * Semantics, chosen to be predictable rather than clever:
 * - a comparison only matches conversations that have the attribute (`!=` included: "Plan != Pro"
 *   does not list conversations without a plan);
 * - a number on the right compares numerically, and only with attributes Intercom sent as numbers;
 * - true/false compare with boolean attributes;
 * - any other value compares as text, case-insensitively; `~` means "contains" (case-insensitive).
 */
export type AttributeOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | '~';

export interface AttributeComparison {
  /** The attribute's name as Intercom shows it (custom attribute keys may contain spaces). */
  name: string;
  op: AttributeOperator;
  value: string | number | boolean;
}

const OPERATORS: readonly AttributeOperator[] = ['<=', '>=', '!=', '=', '<', '>', '~'];
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const MAX_NAME = 200;
const MAX_VALUE = 1_000;

/** 'CX Score rating<=2' -> { name: 'CX Score rating', op: '<=', value: 2 }. */
export function parseAttributeComparison(text: string): AttributeComparison {
  const line = typeof text === 'string' ? text.trim() : '';
  // The first operator character splits name from value: names with '<', '>', '=', '!' or '~'
  // cannot be written in this form (the MCP tools take the parts separately).
  const at = line.search(/[<>=!~]/);
  if (at <= 0) {
    throw new FicError(
      'invalid_input',
      `"${clip(line)}" is not an attribute comparison: write NAME OP VALUE, e.g. "CX Score rating<=2" or "Plan=Enterprise" (OP is one of = != < <= > >= ~)`,
      { details: { field: 'attribute' } },
    );
  }
  const rest = line.slice(at);
  const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (op === undefined) {
    throw new FicError('invalid_input', `"${clip(line)}": unknown operator (use = != < <= > >= ~)`, {
      details: { field: 'attribute' },
    });
  }
  const value = rest.slice(op.length).trim();
  if (/^[<>=!~]/.test(value)) {
    throw new FicError(
      'invalid_input',
      `"${clip(line)}": the value starts with an operator (did you mean one of = != < <= > >= ~?)`,
      { details: { field: 'attribute' } },
    );
  }
  return attributeComparison(line.slice(0, at), op, value);
}

/** Validates the parts and types the value: numbers and true/false are recognised in text. */
export function attributeComparison(
  name: string,
  op: string,
  value: string | number | boolean,
): AttributeComparison {
  const cleanName = typeof name === 'string' ? name.trim() : '';
  if (cleanName === '' || cleanName.length > MAX_NAME || cleanName.includes('"')) {
    throw new FicError(
      'invalid_input',
      `attribute name must be 1-${MAX_NAME} characters without double quotes`,
      { details: { field: 'attribute' } },
    );
  }
  if (!(OPERATORS as readonly string[]).includes(op)) {
    throw new FicError('invalid_input', `"${clip(op)}" is not an operator (use = != < <= > >= ~)`, {
      details: { field: 'attribute' },
    });
  }
  const typed = typeof value === 'string' ? typedValue(value) : value;
  if (typeof typed === 'number' && !Number.isFinite(typed)) {
    throw new FicError('invalid_input', `attribute "${cleanName}": the value must be a finite number`, {
      details: { field: 'attribute' },
    });
  }
  if (typeof typed === 'string' && (typed === '' || typed.length > MAX_VALUE)) {
    throw new FicError(
      'invalid_input',
      `attribute "${cleanName}": give a value of 1-${MAX_VALUE} characters`,
      {
        details: { field: 'attribute' },
      },
    );
  }
  const ordering = op === '<' || op === '<=' || op === '>' || op === '>=';
  if (ordering && typeof typed !== 'number') {
    throw new FicError('invalid_input', `attribute "${cleanName}": ${op} needs a number`, {
      details: { field: 'attribute' },
    });
  }
  if (op === '~' && typeof typed !== 'string') {
    throw new FicError('invalid_input', `attribute "${cleanName}": ~ (contains) needs text`, {
      details: { field: 'attribute' },
    });
  }
  return { name: cleanName, op: op as AttributeOperator, value: typed };
}

export interface AttributeSql {
  condition: string;
  params: unknown[];
}

/** One condition on `${column}` (a JSON object column, e.g. `c.custom_attributes`). */
export function attributeConditionSql(column: string, comparison: AttributeComparison): AttributeSql {
  const path = `$."${comparison.name}"`;
  const { op, value } = comparison;
  const extracted = `json_extract(${column}, ?)`;
  const type = `json_type(${column}, ?)`;
  if (typeof value === 'number') {
    const sqlOp = op === '!=' ? '<>' : op;
    return {
      condition: `(${type} IN ('integer', 'real') AND ${extracted} ${sqlOp} ?)`,
      params: [path, path, value],
    };
  }
  if (typeof value === 'boolean') {
    const sqlOp = op === '!=' ? '<>' : '=';
    return {
      condition: `(${type} IN ('true', 'false') AND ${extracted} ${sqlOp} ?)`,
      params: [path, path, value ? 1 : 0],
    };
  }
  if (op === '~') {
    return {
      condition: `(${type} = 'text' AND instr(lower(${extracted}), lower(?)) > 0)`,
      params: [path, path, value],
    };
  }
  const sqlOp = op === '!=' ? '<>' : '=';
  return {
    condition: `(${type} = 'text' AND ${extracted} ${sqlOp} ? COLLATE NOCASE)`,
    params: [path, path, value],
  };
}

function typedValue(text: string): string | number | boolean {
  const value = text.trim();
  if (NUMBER.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  // Quotes let a number or true/false be compared as text: Plan="2024".
  const quoted = /^"(.*)"$/s.exec(value) ?? /^'(.*)'$/s.exec(value);
  return quoted === null ? value : quoted[1]!;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
