/** The organisation's settings: licensing and seat limit, SSO domains, upload limits. */
import type { z } from 'zod';
import {
  getSettings as readSettings,
  SettingsSchema,
  updateSettings as writeSettings,
  type Settings,
} from '../store/settings-repository.js';
import { AppError } from './app-error.js';
import type { Actor, RunsContext } from './runs-context.js';

export type { Settings } from '../store/settings-repository.js';

/** A change to some settings; omitted keys stay as they are. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();

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
  const parsed = SettingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const text = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`)
      .join('; ');
    throw new AppError('invalid-input', `the settings are not valid: ${text}`);
  }
  const input: Partial<z.input<typeof SettingsSchema>> = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  );
  return writeSettings(ctx.store.db, input, actor);
}
