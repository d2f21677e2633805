/**
 * Runs as the API shows them (the contract's RunView, RowView, ConflictView): response schemas
 * without transforms, so the serializer can check every answer against them.
 */
import { z } from 'zod';
import { FIELD_NAMES } from '../../engine/fields.js';

const count = z.number().int();

/** The five classes of SPEC §4.2. */
export const RowClassSchema = z.enum(['new', 'updated', 'deactivated', 'skipped', 'error']);

/** A run. */
export const RunViewSchema = z
  .object({
    id: z.string(),
    configId: z.string(),
    configName: z.string(),
    status: z.enum(['previewed', 'applying', 'applied', 'failed', 'cancelled']),
    fileName: z.string(),
    fileSize: count,
    fileSha256: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string() }),
    createdAt: z.string(),
    appliedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    counts: z.object({
      new: count,
      updated: count,
      deactivated: count,
      skipped: count,
      error: count,
    }),
    openConflicts: count.describe('Ask-at-runtime conflicts still without a decision.'),
    ignoredColumns: z
      .array(z.string())
      .readonly()
      .describe('Header cells that name no template column.'),
    seats: z.object({
      active: count,
      after: count,
      limit: count.nullable(),
      exceeded: z.boolean(),
    }),
    safeguard: z.object({
      deactivations: count,
      limit: count.nullable(),
      exceeded: z.boolean(),
      overridden: z.boolean(),
    }),
    sendWelcomeEmail: z
      .boolean()
      .describe('Effective: the run’s toggle, else the configuration’s.'),
    overrideSafeguard: z.boolean(),
    blockers: z
      .array(
        z.object({
          code: z.enum(['open-conflicts', 'seat-limit', 'safeguard', 'config-paused']),
          message: z.string(),
        }),
      )
      .readonly()
      .describe('Why applying must wait; empty when the run may be applied.'),
    emails: z.object({ queued: count, sent: count, failed: count, held: count, waiting: count }),
    errorMessage: z.string().nullable().describe('Why the run failed, when it did.'),
  })
  .meta({ id: 'Run' });

const FieldNameSchema = z.enum(FIELD_NAMES);

/** One row of a run: a file row, or (row null) a user missing from the file. */
export const RowViewSchema = z
  .object({
    row: count.nullable().describe('The spreadsheet row number (header counted).'),
    userName: z.string(),
    email: z.string(),
    class: RowClassSchema,
    reason: z.string().nullable(),
    changes: z
      .array(z.object({ field: FieldNameSchema, from: z.string(), to: z.string() }))
      .readonly(),
    errors: z
      .array(
        z.object({
          row: count,
          field: FieldNameSchema.nullable(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'RunRow' });

/** An Ask-at-runtime conflict. */
export const ConflictViewSchema = z
  .object({
    row: count,
    userName: z.string(),
    field: FieldNameSchema,
    current: z.string().describe('The stored value.'),
    incoming: z.string().describe('The file’s value.'),
    choice: z.enum(['source', 'destination']).nullable(),
    decidedBy: z.enum(['one', 'field', 'remembered']).nullable(),
  })
  .meta({ id: 'Conflict' });
