/**
 * The one shape of every error response, `{ error: { code, message, details } }`, as a zod
 * schema (so it is in the OpenAPI document) and the helper routes use to list their failures.
 */
import { z } from 'zod';

/** Every error response. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('A stable, machine-readable code, e.g. "not-found", "seat-limit".'),
      message: z.string().describe('What went wrong, written for a person; safe to show.'),
      details: z
        .record(z.string(), z.unknown())
        .describe('Structured facts for clients (field problems, retryAfterSeconds, …).'),
    }),
  })
  .meta({ id: 'Error' });

/** An error response body. */
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Builds an error body. */
export function errorBody(
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): ErrorBody {
  return { error: { code, message, details: { ...details } } };
}

/** The error statuses every authenticated route may answer. */
const COMMON = [400, 401, 403] as const;

/** Response schemas for the given error statuses (plus 400, 401 and 403), for route schemas. */
export function errorResponses<const S extends number>(
  ...statuses: S[]
): Record<S | (typeof COMMON)[number], typeof ErrorBodySchema> {
  const result: Partial<Record<number, typeof ErrorBodySchema>> = {};
  for (const status of [...COMMON, ...statuses]) result[status] = ErrorBodySchema;
  return result as Record<S | (typeof COMMON)[number], typeof ErrorBodySchema>;
}
