/** Shorthands for the run tests: a context on a store, and a preview of rows in one call. */
import type { RunView } from '../../src/runs/run-view.js';
import { createConfiguration } from '../../src/runs/configurations.js';
import { previewRun } from '../../src/runs/preview-run.js';
import type { RunsContext } from '../../src/runs/runs-context.js';
import type { Store } from '../../src/store/open-store.js';
import type { SyncConfigInput } from '../../src/engine/config.js';
import { writeCsv } from './csv-file.js';

/** The administrator the tests act as (no directory user behind it). */
export const admin = { id: null, name: 'test-admin' } as const;

/** A context on the store. */
export function contextOf(store: Store, extra: Partial<RunsContext> = {}): RunsContext {
  return { store, ...extra };
}

/** Saves a configuration named `name` with `overrides`. */
export async function aConfiguration(
  ctx: RunsContext,
  name: string,
  overrides: Partial<SyncConfigInput> = {},
) {
  return createConfiguration(ctx, { name, ...overrides }, admin);
}

/** Previews `rows` (written as a CSV file) with the configuration. */
export function previewRows(
  ctx: RunsContext,
  config: string,
  rows: readonly Record<string, string>[],
  header?: readonly string[],
): Promise<RunView> {
  const filePath = writeCsv(rows, header);
  return previewRun(ctx, { config, filePath, fileName: 'users.csv', actor: admin });
}
