import { z } from 'zod';

/** A parsed answer beside its JSON text, so the copy can keep what the API said (raw payloads). */
export interface WithRawJson<T> {
  value: T;
  /**
   * The answer re-serialised before validation: every field and value the API sent, in its order (the
   * bytes differ from the body only in whitespace and escapes, which JSON.parse does not keep).
   */
  rawJson: string;
}

/**
 * `schema`, also yielding the JSON text of what it validated. Validation errors keep their paths, so
 * the client's messages ("`ticket_parts.ticket_parts[3].created_at` is not a number") are unchanged.
 */
export function withRawJson<S extends z.ZodType>(schema: S): z.ZodType<WithRawJson<z.output<S>>> {
  // The refinement also keeps parse-response's in-place check away from this schema: that check assumes
  // the parsed value is the body itself, and this one is a new object.
  return z
    .unknown()
    .refine((input) => typeof input === 'object' && input !== null, 'is not an object')
    .transform((input, context): WithRawJson<z.output<S>> => {
      const result = schema.safeParse(input, { reportInput: true });
      if (!result.success) {
        // Issues pass through unchanged (their types are wider than addIssue's parameter).
        for (const issue of result.error.issues)
          context.issues.push(issue as (typeof context.issues)[number]);
        return z.NEVER;
      }
      return { value: result.data, rawJson: JSON.stringify(input) };
    });
}
