/**
 * Configurations as the API shows them (the contract's ConfigView). The request body is the
 * engine's `SyncConfigSchema` itself; the response repeats the parsed document with every
 * default filled in, described here without transforms.
 */
import { z } from 'zod';
import { FIELD_NAMES } from '../../engine/fields.js';
import { RunViewSchema } from './run-schemas.js';

const StrategySchema = z.enum([
  'use-source',
  'keep-destination',
  'ask',
  'update-if-empty',
  'force-value',
]);

/** A parsed configuration document. */
export const SyncConfigViewSchema = z
  .object({
    name: z.string(),
    newUsers: z.enum(['create', 'skip']),
    inactiveUsers: z.enum(['activate', 'skip', 'update-only']),
    removedUsers: z.enum(['deactivate', 'ignore', 'no-action']),
    conflicts: z.object({
      default: z.enum(['use-source', 'keep-destination', 'ask', 'update-if-empty']),
      fields: z.partialRecord(
        z.enum(FIELD_NAMES),
        z.object({ strategy: StrategySchema, value: z.string().optional() }),
      ),
    }),
    defaults: z.object({
      locale: z.string().optional(),
      timezone: z.string().optional(),
      languageName: z.string().optional(),
    }),
    sendWelcomeEmail: z.boolean(),
    deactivationLimit: z
      .union([z.object({ count: z.number().int() }), z.object({ percent: z.number() })])
      .nullable(),
  })
  .meta({ id: 'SyncConfig' });

/** A configuration with its remembered decisions and last run. */
export const ConfigViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'paused']),
    config: SyncConfigViewSchema,
    remembered: z
      .array(
        z.object({
          userName: z.string(),
          field: z.enum(FIELD_NAMES),
          choice: z.enum(['source', 'destination']),
        }),
      )
      .readonly(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastRun: RunViewSchema.nullable(),
  })
  .meta({ id: 'Configuration' });
