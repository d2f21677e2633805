/** The upload limit in force: the environment's, else the settings', else the reader's default. */
import { readLimitsOf } from '../runs/preview-run.js';
import type { RunsContext } from '../runs/runs-context.js';
import { DEFAULT_READ_LIMITS } from '../spreadsheet/read/index.js';

/** The largest upload accepted now, in bytes. */
export async function uploadLimitOf(ctx: RunsContext): Promise<number> {
  return (await readLimitsOf(ctx)).maxUploadBytes ?? DEFAULT_READ_LIMITS.maxUploadBytes;
}
