/** The organisation's settings: licensing and seat limit, SSO domains, upload limits. */
import type { z } from 'zod';
import {
  getSettings as readSettings,
  SettingValuesSchema,
  type SettingsSchema,
  updateSettings as writeSettings,
  type Settings,
} from '../store/settings-repository.js';
import { parseOrRefuse } from './refusals.js';
import type { Actor, RunsContext } from './runs-context.js';

export type { Settings } from '../store/settings-repository.js';

/** A change to some settings; omitted keys stay as they are (no defaults filled in). */
export const SettingsPatchSchema = SettingValuesSchema.partial().strict();

/** Every setting, defaults filled in. */
export function getSettings(ctx: RunsContext): Promise<Settings> {
  return readSettings(ctx.store.db);
}

/** Changes some settings, validated together, with an audit entry per changed key. */
export async function updateSettings(
  ctx: RunsContext,
  patch: unknown,
  actor: Actor,
): Promise<Settings> {
  const parsed = parseOrRefuse(SettingsPatchSchema, patch, 'the settings');
  const input: Partial<z.input<typeof SettingsSchema>> = Object.fromEntries(
    Object.entries(parsed).filter(([, value]) => value !== undefined),
  );
  return writeSettings(ctx.store.db, input, actor);
}
