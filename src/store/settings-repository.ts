/**
 * Organisation settings: licensing and seat limit, SSO domains, upload limits. One row per key
 * with a JSON value; a missing key takes its default, so a fresh database needs no seeding.
 */
import { z } from 'zod';
import type { PlanSettings } from '../engine/directory.js';
import { appendAudit, type Actor } from './audit-log-repository.js';
import { runInTransaction } from './run-in-transaction.js';
import { nowText, parseJson, type Db } from './store-db.js';

const positive = z.number().int().positive();

/**
 * Every setting's value, without defaults: what a change may name. (A patch built from the
 * schema with defaults would fill every omitted key with its default and reset it.)
 */
export const SettingValuesSchema = z.object({
  /** `named`: active users count against `seatLimit`; `none`: seats are not limited. */
  licensing: z.enum(['named', 'none']),
  /** The seat limit under named licensing; null for none set. */
  seatLimit: z.number().int().min(0).nullable(),
  /** E-mail domains whose new users sign in with SSO; `*` covers every domain. */
  ssoDomains: z.array(z.string().trim().toLowerCase().min(1)),
  /**
   * Overrides of the spreadsheet reader's limits (SPEC §3); an absent key keeps the reader's
   * default (100 MiB upload, 1 GiB part, 200:1 ratio, 1,000,000 rows).
   */
  limits: z
    .object({
      maxUploadBytes: positive.optional(),
      maxPartBytes: positive.optional(),
      maxCompressionRatio: positive.optional(),
      maxRows: positive.optional(),
    })
    .strict(),
});

const values = SettingValuesSchema.shape;

/** Every setting, with its default. */
export const SettingsSchema = z.object({
  licensing: values.licensing.default('none'),
  seatLimit: values.seatLimit.default(null),
  ssoDomains: values.ssoDomains.default([]),
  limits: values.limits.default({}),
});

/** The parsed settings. */
export type Settings = z.output<typeof SettingsSchema>;

/** The settings keys. */
export type SettingKey = keyof Settings;

const KEYS = Object.keys(SettingsSchema.shape) as SettingKey[];

/** Every setting, defaults filled in for keys never set. */
export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.kysely.selectFrom('settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if ((KEYS as string[]).includes(row.key)) stored[row.key] = parseJson(row.value);
  }
  return SettingsSchema.parse(stored);
}

/** Changes some settings (validated together with the rest) and records who did. */
export async function updateSettings(
  db: Db,
  patch: Partial<z.input<typeof SettingsSchema>>,
  actor: Actor,
): Promise<Settings> {
  return runInTransaction(db, async (tx) => {
    const current = await getSettings(tx);
    const next = SettingsSchema.parse({ ...current, ...patch });
    const now = nowText();
    const changed = KEYS.filter(
      (key) =>
        patch[key] !== undefined && JSON.stringify(current[key]) !== JSON.stringify(next[key]),
    );
    for (const key of changed) {
      const value = JSON.stringify(next[key]);
      await tx.kysely
        .insertInto('settings')
        .values({ key, value, updated_at: now })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now }))
        .execute();
    }
    if (changed.length > 0) {
      await appendAudit(
        tx,
        changed.map((key) => ({
          actor,
          action: 'settings.update',
          field: key,
          before: JSON.stringify(current[key]),
          after: JSON.stringify(next[key]),
        })),
        now,
      );
    }
    return next;
  });
}

/** What planning needs of the settings: SSO domains, and the seat limit under named licensing. */
export function planSettingsOf(settings: Settings): PlanSettings {
  return {
    ssoDomains: settings.ssoDomains,
    seatLimit: settings.licensing === 'named' ? settings.seatLimit : null,
  };
}
