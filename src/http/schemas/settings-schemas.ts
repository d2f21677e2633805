/** The organisation's settings as the API shows them. */
import { z } from 'zod';

const limit = z.number().int().positive().optional();

/** Every setting, defaults filled in. */
export const SettingsViewSchema = z
  .object({
    licensing: z.enum(['named', 'none']).describe('named: active users count against seatLimit.'),
    seatLimit: z.number().int().nullable(),
    ssoDomains: z.array(z.string()).describe('E-mail domains that sign in with SSO; * for all.'),
    limits: z
      .object({
        maxUploadBytes: limit,
        maxPartBytes: limit,
        maxCompressionRatio: limit,
        maxRows: limit,
      })
      .describe('Overrides of the spreadsheet reader’s limits; absent keys keep the defaults.'),
  })
  .meta({ id: 'Settings' });
