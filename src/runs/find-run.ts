/** Looks up a run with its configuration, refusing clearly when either is gone. */
import { getConfig, type ConfigRecord } from '../store/configs-repository.js';
import { getRun, type RunRecord } from '../store/runs-repository.js';
import type { Db } from '../store/store-db.js';
import { AppError } from './app-error.js';

/** A run and the configuration it belongs to. */
export interface RunWithConfig {
  readonly run: RunRecord;
  readonly config: ConfigRecord;
}

/** The run and its configuration; `not-found` when there is no such run. */
export async function findRun(db: Db, runId: string): Promise<RunWithConfig> {
  const run = await getRun(db, runId);
  const config = run === null ? null : await getConfig(db, run.configId);
  if (run === null || config === null) {
    throw new AppError('not-found', `there is no run with id ${runId}`);
  }
  return { run, config };
}

/** Refuses unless the run is still a preview (decisions and options change only previews). */
export function requirePreviewed(run: RunRecord, action: string): void {
  if (run.status !== 'previewed') {
    throw new AppError(
      'run-state',
      `the run is ${run.status}: only a previewed run can be ${action}`,
      { status: run.status },
    );
  }
}
