/** Background jobs (preview, apply) as the API shows them. */
import { z } from 'zod';

/** A run's progress. */
export const RunProgressSchema = z
  .object({
    phase: z.enum(['reading', 'planning', 'staging', 'checking', 'applying', 'done']),
    done: z.number().int().describe('Rows done in this phase.'),
    total: z.number().int().nullable().describe('Rows in this phase; null while unknown.'),
  })
  .meta({ id: 'RunProgress' });

/** A job. */
export const JobViewSchema = z
  .object({
    jobId: z.string(),
    kind: z.enum(['preview', 'apply']),
    state: z.enum(['running', 'done', 'failed']),
    progress: RunProgressSchema,
    runId: z.string().nullable().describe('Known at once for an apply, when done for a preview.'),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'Job' });

/** The answer of a request that started a job. */
export const JobStartedSchema = z
  .object({ jobId: z.string(), runId: z.string().nullable() })
  .meta({ id: 'JobStarted' });
