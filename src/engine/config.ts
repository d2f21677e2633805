/**
 * A sync configuration (SPEC §2): behaviour rules, conflict rules, defaults, the welcome e-mail
 * default and the deactivation safeguard. `SyncConfigSchema` parses the document format that
 * the command line's `--file`, the HTTP API and the store share; omitted keys take the defaults.
 */
import { z } from 'zod';
import { FIELD_NAMES, isStrategyAllowed, type FieldName } from './fields.js';
import {
  canonicalLanguageName,
  canonicalLocale,
  canonicalTimezone,
  parseActive,
} from './normalise.js';
import { validateFieldValue } from './validate-field.js';

/** New users: Create | Skip. */
export const NewUsersRuleSchema = z.enum(['create', 'skip']);
/** Inactive users: Activate | Skip | Update only. */
export const InactiveUsersRuleSchema = z.enum(['activate', 'skip', 'update-only']);
/** Users removed from file: Deactivate | Ignore | No action. */
export const RemovedUsersRuleSchema = z.enum(['deactivate', 'ignore', 'no-action']);
/** The strategies a configuration's default may take (Force value needs a field). */
export const DefaultStrategySchema = z.enum([
  'use-source',
  'keep-destination',
  'ask',
  'update-if-empty',
]);

const FieldRuleObjectSchema = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('force-value'), value: z.string().max(255) }),
  z.object({ strategy: DefaultStrategySchema }),
]);

/** A per-field override: a strategy name, or `{ strategy, value }` for Force value. */
export const FieldRuleSchema = z
  .union([DefaultStrategySchema, FieldRuleObjectSchema])
  .transform((rule) => (typeof rule === 'string' ? { strategy: rule } : rule));

export type FieldRule = z.output<typeof FieldRuleSchema>;

const DeactivationLimitSchema = z.union([
  z.object({ count: z.number().int().min(0) }).strict(),
  z.object({ percent: z.number().min(0).max(100) }).strict(),
]);

/** How many removed users a run may deactivate before it needs an explicit override. */
export type DeactivationLimit = z.output<typeof DeactivationLimitSchema>;

const FieldKeySchema = z.enum(FIELD_NAMES);

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional();

/** The configuration document; every key but `name` may be omitted. */
export const SyncConfigSchema = z
  .object({
    name: z
      .string()
      .transform((value) => value.trim())
      .pipe(z.string().min(1, 'name must not be blank').max(100, 'name is at most 100 characters')),
    newUsers: NewUsersRuleSchema.default('create'),
    inactiveUsers: InactiveUsersRuleSchema.default('activate'),
    removedUsers: RemovedUsersRuleSchema.default('ignore'),
    conflicts: z
      .object({
        default: DefaultStrategySchema.default('use-source'),
        fields: z.partialRecord(FieldKeySchema, FieldRuleSchema).default({}),
      })
      .strict()
      .default({ default: 'use-source', fields: {} }),
    defaults: z
      .object({ locale: optionalText, timezone: optionalText, languageName: optionalText })
      .strict()
      .default({}),
    sendWelcomeEmail: z.boolean().default(false),
    deactivationLimit: DeactivationLimitSchema.nullable().default(null),
  })
  .strict()
  .superRefine((config, context) => {
    for (const [field, rule] of Object.entries(config.conflicts.fields)) {
      const name = field as FieldName;
      if (!isStrategyAllowed(name, rule.strategy)) {
        context.addIssue({
          code: 'custom',
          path: ['conflicts', 'fields', field],
          message:
            name === 'userName'
              ? 'userName identifies the user and takes no conflict strategy'
              : `${rule.strategy} is not allowed for ${field}`,
        });
      } else if (rule.strategy === 'force-value') {
        const problem = validateFieldValue(name, rule.value.trim());
        if (problem !== null) {
          context.addIssue({
            code: 'custom',
            path: ['conflicts', 'fields', field, 'value'],
            message: `the forced value is not valid: ${problem}`,
          });
        }
      }
    }
    const { locale, timezone, languageName } = config.defaults;
    if (locale !== undefined && locale !== '' && canonicalLocale(locale) === null) {
      context.addIssue({
        code: 'custom',
        path: ['defaults', 'locale'],
        message: `"${locale}" is not a valid locale code such as en-US`,
      });
    }
    if (timezone !== undefined && timezone !== '' && canonicalTimezone(timezone) === null) {
      context.addIssue({
        code: 'custom',
        path: ['defaults', 'timezone'],
        message: `"${timezone}" is not a time zone name such as America/Chicago`,
      });
    }
    if (
      languageName !== undefined &&
      languageName !== '' &&
      canonicalLanguageName(languageName) === null
    ) {
      context.addIssue({
        code: 'custom',
        path: ['defaults', 'languageName'],
        message: `"${languageName}" is not one of the product's display languages`,
      });
    }
  });

/** A configuration document as written (omitted keys allowed). */
export type SyncConfigInput = z.input<typeof SyncConfigSchema>;
/** A parsed configuration with every default filled in. */
export type SyncConfig = z.output<typeof SyncConfigSchema>;

/** The strategy that decides `field`: its override, else the configuration's default. */
export function strategyFor(config: SyncConfig, field: FieldName): FieldRule {
  return config.conflicts.fields[field] ?? { strategy: config.conflicts.default };
}

/** The configuration's defaults in canonical spelling (blank ones dropped). */
export function canonicalDefaults(config: SyncConfig): {
  locale: string | null;
  timezone: string | null;
  languageName: string | null;
} {
  const { locale, timezone, languageName } = config.defaults;
  return {
    locale: locale ? canonicalLocale(locale) : null,
    timezone: timezone ? canonicalTimezone(timezone) : null,
    languageName: languageName ? canonicalLanguageName(languageName) : null,
  };
}

/** Parses the `active` value a Force value rule gives, for the status logic. */
export function forcedActive(config: SyncConfig): boolean | null {
  const rule = strategyFor(config, 'active');
  return rule.strategy === 'force-value' ? parseActive(rule.value) : null;
}
